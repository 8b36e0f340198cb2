"""The home page (工作台): what is waiting for the user in every ledger, and the year's figures. Built from the
registries (``inbox.queues``, ``figures.registry``); it names no ledger."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xinfang.clocks.models import missing_calendar_year
from xinfang.figures.registry import Period, compute, figures
from xinfang.inbox.queues import queues_for, read_queues
from xinfang.lib.readonce import reads_kept
from xinfang.policies.models import policies_read_once


@login_required
def home(request):
    """The queues of the user's role, within the user's scope: a fixed number of queries per queue, or per group
    of queues read together (``Queue.read_group``)."""
    user = request.user
    today = timezone.localdate()
    panels = []
    # The warning days, read by the deadline queues of every ledger, and what the queues share (a unit's assigned
    # petitions …): read once for the page.
    with policies_read_once(), reads_kept():
        for queue, count, rows in read_queues(queues_for(user), user):
            panels.append(
                {
                    "key": queue.key,
                    "title": queue.title,
                    "count": count,
                    "rows": rows,
                    "link": queue.link(user),
                }
            )
    year_figures = None
    if user.can("figures.read_year"):
        shown = sorted((f for f in figures() if f.home), key=lambda f: f.home)
        year_figures = compute(shown, user=user, period=Period.year(today.year))
    missing_year = missing_calendar_year(today) if user.can("admin.manage") else None
    return render(
        request,
        "workbench/home.html",
        {"panels": panels, "year_figures": year_figures, "year": today.year, "missing_year": missing_year},
    )
