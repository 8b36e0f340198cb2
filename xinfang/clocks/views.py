from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from xinfang.lib.workdays import due_date
from xinfang.policies.models import policy

from .forms import DueDateForm
from .models import work_calendar
from .queues import OVERDUE, TITLES, due_page, tables_for


@login_required
def due_date_calculator(request):
    """Shows how a due date is computed: the days skipped, the holidays, the roll-forward."""
    initial = {"trigger_on": timezone.localdate(), "roll_forward": bool(policy("deadline_roll_forward"))}
    form = DueDateForm(request.GET or None, initial=initial)
    deadline, note = None, ""
    if form.is_valid():
        d = form.cleaned_data
        calendar = work_calendar()
        deadline = due_date(calendar, d["trigger_on"], d["count"], d["unit"], roll_forward=d["roll_forward"])
        note = calendar.note(deadline.due_on)  # e.g. 调休上班日: a Saturday that is a working day
    return render(
        request, "clocks/due_date_calculator.html", {"form": form, "deadline": deadline, "note": note}
    )


DUE_PAGE_SIZE = 50


@login_required
def due_list(request):
    """Every clock due soon (临期) or overdue (超期) in the user's scope, of every ledger, most urgent first: the
    full list of the home page's two queues."""
    due = request.GET.get("due") if request.GET.get("due") in TITLES else OVERDUE
    if not tables_for(request.user, due):
        due = OVERDUE
    items, next_cursor = due_page(request.user, due, request.GET.get("cursor"), DUE_PAGE_SIZE)
    return render(
        request,
        "clocks/due_list.html",
        {
            "due": due,
            "title": TITLES[due],
            "tabs": [(key, title) for key, title in TITLES.items() if tables_for(request.user, key)],
            "items": items,
            "next_cursor": next_cursor,
            "today": timezone.localdate(),
        },
    )
