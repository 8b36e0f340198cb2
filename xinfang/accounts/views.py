from datetime import datetime, time

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from xinfang.clocks.models import missing_calendar_year
from xinfang.lib.keyset import paginate_parts
from xinfang.petitions.models import Petition, Status, show_names
from xinfang.petitions.models.petition import due_rows

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
    parts = Petition.objects.visible_parts(user)
    today = timezone.localdate()
    staff = user.role in (Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR)
    deciders = user.role in (Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR)
    start_of_day = datetime.combine(today, time.min, timezone.get_current_timezone())
    # (title, the queue as a filter of a queryset, the list's query string[, a deadline queue's name])
    queues: list[tuple] = []
    if staff:
        queues.append(("待受理", lambda qs: qs.in_queue("to_decide", user), "queue=to_decide"))
        queues.append(("待签收", lambda qs: qs.in_queue("to_take", user), "queue=to_take"))
    if deciders:
        queues.append(("办理中", lambda qs: qs.in_queue("in_handling", user), "queue=in_handling"))
    if staff:
        queues.append(("临期", lambda qs: qs.matching(user, due="soon"), "due=soon", "soon"))
    queues.append(("超期", lambda qs: qs.matching(user, due="overdue"), "due=overdue", "overdue"))
    if staff:
        queues.append(("待评价", lambda qs: qs.in_queue("awaiting_rating", user), "queue=awaiting_rating"))
    if deciders or user.role == Role.LEADER:
        queues.append(("复查复核中", lambda qs: qs.in_queue("in_review", user), "queue=in_review"))
    queues.append(
        ("紧急重大", lambda qs: qs.filter(is_urgent=True).exclude(status=Status.TERMINATED), "urgent=on")
    )
    if user.role == Role.REGISTRAR:
        queues.append(
            (
                "我今天登记的",
                lambda qs: qs.filter(registered_by=user, registered_at__gte=start_of_day),
                f"received_from={today:%Y-%m-%d}",
            )
        )
    panels = []
    for title, queue, query, *deadline in queues:
        # A queue shows at most QUEUE_COUNT_CAP: counting a long queue to the last row costs a scan. Counted by
        # the scope's parts too: one count over the OR of the rule took 400 ms on PostgreSQL for a committee.
        count = sum(queue(p)[: QUEUE_COUNT_CAP + 1].count() for p in parts)
        if deadline:
            rows = due_rows(user, deadline[0], ROWS_PER_QUEUE)  # most urgent first
        else:
            # The scope's parts are disjoint and each an ordered index seek: rows are merged, counts added.
            rows = paginate_parts(
                [queue(p).for_list() for p in parts], field="received_at", cursor=None, size=ROWS_PER_QUEUE
            ).items
        show_names(rows, user)
        shown = f"{QUEUE_COUNT_CAP}+" if count > QUEUE_COUNT_CAP else str(count)
        panels.append({"title": title, "rows": rows, "count": shown, "query": query})
    year_totals = None
    if user.role in (Role.LEADER, Role.APPROVER, Role.ADMINISTRATOR):
        year_totals = (
            Petition.objects.visible_to(user)
            .filter(received_at__year=today.year)
            .aggregate(
                cases=Count("pk"),
                person_times=Sum("people_count"),
                collective=Count("pk", filter=Q(is_collective=True)),
                urgent=Count("pk", filter=Q(is_urgent=True)),
            )
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
