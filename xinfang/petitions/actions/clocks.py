"""Starting a statutory clock on a petition."""

from __future__ import annotations

from datetime import date

from xinfang.accounts.models import User
from xinfang.clocks.models import work_calendar
from xinfang.lib.cnformat import cn_date
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.policies.models import policy

from ..models import (
    Clock,
    EventKind,
    Petition,
    PetitionEvent,
)


def start_clock(*, petition: Petition, kind: str, trigger_on: date, days: int, by: User | None) -> Clock:
    """Start a statutory clock: compute the due date now, store it, and record it as an event."""
    deadline = due_date(
        work_calendar(), trigger_on, days, CALENDAR_DAYS, roll_forward=bool(policy("deadline_roll_forward"))
    )
    clock = Clock.objects.create(
        petition=petition,
        kind=kind,
        started_on=trigger_on,
        days=days,
        unit=CALENDAR_DAYS,
        due_on=deadline.due_on,
    )
    PetitionEvent.objects.create(
        petition=petition,
        by=by,
        kind=EventKind.CLOCK_STARTED,
        summary=f"{clock.get_kind_display()}：{days}日，期满日{cn_date(deadline.due_on)}",
        changes={"clock": kind, "due_on": deadline.due_on.isoformat(), "steps": list(deadline.steps)},
    )
    return clock
