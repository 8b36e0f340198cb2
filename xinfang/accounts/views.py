from datetime import datetime, time

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from xinfang.clocks.models import missing_calendar_year
from xinfang.petitions.models import Petition, Status

from .models import Role

QUEUE_COUNT_CAP = 99  # a queue badge says "99+"; counting further costs a scan of the queue
ROWS_PER_QUEUE = 6


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    """What is waiting for me: the queues of the user's role, within the user's scope."""
    user = request.user
    visible = Petition.objects.visible_to(user)
    today = timezone.localdate()
    staff = user.role in (Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR)
    deciders = user.role in (Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR)
    queues = []
    if staff:
        queues.append(("待受理", visible.in_queue("to_decide", user), "queue=to_decide"))
        queues.append(("待签收", visible.in_queue("to_take", user), "queue=to_take"))
    if deciders:
        queues.append(("办理中", visible.in_queue("in_handling", user), "queue=in_handling"))
    if staff:
        queues.append(("临期", visible.matching(user, due="soon"), "due=soon"))
    queues.append(("超期", visible.matching(user, due="overdue"), "due=overdue"))
    if staff:
        queues.append(("待评价", visible.in_queue("awaiting_rating", user), "queue=awaiting_rating"))
    if deciders or user.role == Role.LEADER:
        queues.append(("复查复核中", visible.in_queue("in_review", user), "queue=in_review"))
    queues.append(("紧急重大", visible.filter(is_urgent=True).exclude(status=Status.TERMINATED), "urgent=on"))
    if user.role == Role.REGISTRAR:
        start_of_day = datetime.combine(today, time.min, timezone.get_current_timezone())
        mine = visible.filter(registered_by=user, registered_at__gte=start_of_day)
        queues.append(("我今天登记的", mine, f"received_from={today:%Y-%m-%d}"))
    panels = []
    for title, qs, query in queues:
        rows = list(qs.for_list().order_by("-received_at", "-pk")[:ROWS_PER_QUEUE])
        for petition in rows:
            petition.shown_names = petition.display_names_for(user)
        # A queue shows at most QUEUE_COUNT_CAP: counting a long queue to the last row costs a scan.
        count = qs[: QUEUE_COUNT_CAP + 1].count()
        shown = f"{QUEUE_COUNT_CAP}+" if count > QUEUE_COUNT_CAP else str(count)
        panels.append({"title": title, "rows": rows, "count": shown, "query": query})
    year_totals = None
    if user.role in (Role.LEADER, Role.APPROVER, Role.ADMINISTRATOR):
        year_totals = visible.filter(received_at__year=today.year).aggregate(
            cases=Count("pk"),
            person_times=Sum("people_count"),
            collective=Count("pk", filter=Q(is_collective=True)),
            urgent=Count("pk", filter=Q(is_urgent=True)),
        )
    missing_year = missing_calendar_year(today) if user.role == Role.ADMINISTRATOR else None
    return render(
        request,
        "home.html",
        {
            "panels": panels,
            "year_totals": year_totals,
            "year": today.year,
            "missing_year": missing_year,
        },
    )
