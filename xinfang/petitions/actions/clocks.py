"""A petition's statutory clocks on the core's clock mechanism (``xinfang.clocks``): the petition clock table as
the core sees it (``CLOCKS``, registered in ``contributions.py``), how its happenings become petition events, and
the petition-shaped calls the steps use. Every change is an event."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks import actions as clocks
from xinfang.clocks.registry import ClockNote, ClockTable, Happening
from xinfang.clocks.scope import owned_clock_q
from xinfang.lib.workdays import CALENDAR_DAYS
from xinfang.orgs.models import Org

from .. import queues
from ..models import REQUEST_WINDOWS, Assignment, Clock, EventKind, Petition, PetitionEvent
from ..models.petition import assigned_ids, visible_part_qs

EVENT_KINDS = {
    Happening.STARTED: EventKind.CLOCK_STARTED,
    Happening.RECOMPUTED: EventKind.CLOCK_RECOMPUTED,
    Happening.PAUSED: EventKind.HEARING_STARTED,  # a petition's clock pauses only for a hearing
    Happening.RESUMED: EventKind.HEARING_ENDED,
    Happening.DUE_SOON: EventKind.DUE_SOON,
    Happening.OVERDUE: EventKind.OVERDUE,
}


def record_clock_event(note: ClockNote) -> str:
    PetitionEvent.objects.create(
        petition=note.record,
        by=note.by,
        kind=EVENT_KINDS[note.happening],
        summary=note.summary,
        changes=note.changes,
    )
    return note.summary


def describe(clock: Clock) -> str:
    """The clock as events name it: an assignment's clock with its unit."""
    whose = f"（{clock.assignment.org}）" if clock.assignment is not None else ""
    return f"{clock.kind_label}{whose}"


def unit_of(clock: Clock) -> Org:
    """Who must act: the assignment's unit for an assignment's clock, else the responsible organisation."""
    return clock.assignment.org if clock.assignment is not None else clock.petition.org


def clock_scope(user: User) -> list[Q]:
    """``visible_part_qs`` on the clocks' own columns: owned (the copied scope column of the user's level), and
    assigned to the user's organisation or below but not owned (driven from its few assignments)."""
    org = user.org if user.is_authenticated else None
    if org is None:
        return []
    owned = owned_clock_q(org, "petition")
    if org.parent_id is None:
        return [owned]  # assignments never leave the owning federation's tree
    # The assigned petitions are few and read first: given as a list, each is an index probe into the clocks;
    # as a subquery the planner merge-joined the whole clock table by petition (16 ms at 1M petitions).
    assigned = assigned_ids(org)
    return [Q(petition_id__in=assigned) & ~owned, owned] if assigned else [owned]


CLOCKS = ClockTable(
    model=Clock,
    record="petition",
    title="信访",
    record_event=record_clock_event,
    unit=unit_of,
    scope=visible_part_qs,
    rows=queues.deadline_rows,
    shown_to=queues.works_on_deadlines,
    job="petitions.clock_warnings",
    order=10,
    request_windows=REQUEST_WINDOWS,
    describe=describe,
    related=("petition__org", "assignment__org"),
    clock_scope=clock_scope,
)


def moment_of(on: date) -> datetime:
    """When something done on ``on`` is recorded as having happened: now if today, else noon of that day
    (an entry made afterwards from a paper record)."""
    now = timezone.now()
    if on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(on, time(12)))


def start_clock(
    *,
    petition: Petition,
    kind: str,
    trigger_on: date,
    days: int,
    by: User | None,
    unit: str = CALENDAR_DAYS,
    assignment: Assignment | None = None,
) -> Clock:
    """Start a statutory clock: compute the due date now, store it, and record it as an event."""
    clock = clocks.start_clock(
        table=CLOCKS,
        record=petition,
        kind=kind,
        trigger_on=trigger_on,
        days=days,
        by=by,
        unit=unit,
        assignment=assignment,
    )
    assert isinstance(clock, Clock)
    return clock


stop_clocks = clocks.stop_clocks


def pause_clock(*, clock: Clock, on: date, by: User, reason: str) -> None:
    """Pause a running clock from ``on`` (a hearing: its time does not count)."""
    clocks.pause_clock(table=CLOCKS, clock=clock, on=on, by=by, reason=reason)


def resume_clock(*, clock: Clock, on: date, by: User, reason: str) -> Clock:
    """Resume a paused clock on ``on``: the paused days (both ends included) are added and the due date is
    recomputed, with an event giving the old and new dates."""
    resumed = clocks.resume_clock(table=CLOCKS, clock=clock, on=on, by=by, reason=reason)
    assert isinstance(resumed, Clock)
    return resumed
