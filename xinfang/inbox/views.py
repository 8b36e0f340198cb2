from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.lib.keyset import paginate

from .models import Reminder

PAGE_SIZE = 50


@login_required
def reminder_list(request):
    qs = (
        Reminder.objects.visible_to(request.user)
        .select_related("petition")
        .only("kind", "text", "link", "created_at", "read_at", "petition_id", "petition__number")
    )
    if request.GET.get("unread"):
        qs = qs.unread()
    page = paginate(qs, field="created_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    return render(
        request, "inbox/reminder_list.html", {"page": page, "unread_only": bool(request.GET.get("unread"))}
    )


@login_required
@require_POST
def reminder_open(request, pk: int):
    """Mark one reminder read and go to its petition."""
    reminder = get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)
    Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())
    if reminder.petition_id:
        return redirect("petitions:detail", pk=reminder.petition_id)
    if reminder.link.startswith("/"):
        return redirect(reminder.link)
    return redirect("inbox:list")


@login_required
@require_POST
def reminder_read_all(request):
    Reminder.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    return redirect("inbox:list")
