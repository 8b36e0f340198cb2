from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.lib.keyset import paginate

from .models import Reminder, ReminderKind, ReminderQuerySet

PAGE_SIZE = 50


def ledger_choices(reminders: ReminderQuerySet) -> list[tuple[str, str]]:
    """The ledgers the user's reminders are about, by the names users know them by, in the order of the
    installed apps (one query)."""
    present = set(reminders.exclude(ledger="").order_by().values_list("ledger", flat=True).distinct())
    installed = {config.label: str(config.verbose_name) for config in apps.get_app_configs()}
    choices = [(label, name) for label, name in installed.items() if label in present]
    return choices + [
        (label, label) for label in sorted(present - installed.keys())
    ]  # a ledger since removed


@login_required
def reminder_list(request):
    mine = Reminder.objects.visible_to(request.user)
    ledger = request.GET.get("ledger", "")
    kind = request.GET.get("kind", "")
    kind = kind if kind in ReminderKind.values else ""
    unread_only = bool(request.GET.get("unread"))
    qs = mine.only("kind", "text", "ledger", "label", "link", "created_at", "read_at")
    if ledger:
        qs = qs.filter(ledger=ledger)
    if kind:
        qs = qs.filter(kind=kind)
    if unread_only:
        qs = qs.unread()
    page = paginate(qs, field="created_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    kept = {name: value for name, value in (("ledger", ledger), ("kind", kind)) if value}
    ledgers = ledger_choices(mine)
    names = dict(ledgers)
    for reminder in page.items:
        reminder.ledger_name = names.get(reminder.ledger, "")
    return render(
        request,
        "inbox/reminder_list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "ledger": ledger,
            "ledgers": ledgers,
            "kind": kind,
            "kinds": ReminderKind.choices,
            "query": urlencode(kept | ({"unread": 1} if unread_only else {})),
            "toggle_query": urlencode(kept | ({} if unread_only else {"unread": 1})),
        },
    )


@login_required
@require_POST
def reminder_open(request, pk: int):
    """Mark one reminder read and go to the record it is about."""
    reminder = get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)
    Reminder.objects.filter(pk=reminder.pk, read_at__isnull=True).update(read_at=timezone.now())
    if reminder.link.startswith("/"):
        return redirect(reminder.link)
    return redirect("inbox:list")


@login_required
@require_POST
def reminder_read_all(request):
    Reminder.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    return redirect("inbox:list")
