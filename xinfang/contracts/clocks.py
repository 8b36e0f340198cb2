"""A collective contract's clocks on the core's clock mechanism (``xinfang.clocks``): the contract clock table as
the core sees it (``CLOCKS``, registered in ``contributions.py``) and what its happenings mean for a contract.

What stays the contract's own is here: the review period lapsing without objection makes the contract effective
from the next day (集体合同规定 第四十七条; ``lib.contractdates.effective_on``), once, by a conditional update; a
holiday change moves ``filing_due_on`` or ``review_ends_on`` with its clock."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from xinfang.clocks.registry import ClockNote, Happening, Noted, owned_record_clocks
from xinfang.lib.cnformat import cn_date
from xinfang.lib.workflow import record_event

from . import queues
from .models import ClockKind, Contract, ContractClock, EventKind, Status

DUE_COLUMNS = {ClockKind.FILING: "filing_due_on", ClockKind.REVIEW: "review_ends_on"}


def record_clock_event(note: ClockNote) -> str | None:
    contract: Contract = note.record
    clock: ContractClock = note.clock
    if note.happening == Happening.STARTED:
        return None  # the registration's and the filing's own events give the dates
    if note.happening == Happening.DUE_SOON:
        record_event(contract, None, EventKind.DUE_SOON, note.summary, **note.changes)
        return note.summary
    if note.happening == Happening.OVERDUE:
        if clock.kind == ClockKind.REVIEW:
            return _take_effect(contract, clock, note)
        text = f"报送期限（{cn_date(clock.due_on)}）已过，集体合同尚未报送劳动行政部门审查"
        record_event(contract, None, EventKind.OVERDUE, text, **note.changes)
        return text
    # Recomputed (a holiday change): the due date moved.
    if "to" in note.changes:
        Contract.objects.filter(pk=contract.pk).update(
            **{DUE_COLUMNS[ClockKind(clock.kind)]: date.fromisoformat(note.changes["to"])}
        )
    record_event(contract, note.by, EventKind.CLOCK_RECOMPUTED, note.summary, **note.changes)
    return note.summary


def _take_effect(contract: Contract, clock: ContractClock, note: ClockNote) -> str | None:
    """No objection within the review period: effective from the day after its last day. The review clock stops
    (it was met); a contract no longer under review (objected meanwhile) is left alone."""
    effective_on = clock.due_on + timedelta(days=1)
    if not Contract.objects.filter(pk=contract.pk, status=Status.FILED).update(
        status=Status.EFFECTIVE, effective_on=effective_on, version=F("version") + 1
    ):
        return None
    ContractClock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
        stopped_at=timezone.now(), stopped_late=False
    )
    text = (
        f"劳动行政部门自收到文本之日起15日内（至{cn_date(clock.due_on)}）未提出异议，"
        f"集体合同自{cn_date(effective_on)}起生效"
    )
    record_event(contract, None, EventKind.EFFECTIVE, text, effective_on=effective_on.isoformat())
    return text


def report(noted: Noted) -> str:
    effective = noted[(Happening.OVERDUE, ClockKind.REVIEW)]
    unfiled = noted[(Happening.OVERDUE, ClockKind.FILING)]
    soon = sum(n for (happening, _), n in noted.items() if happening == Happening.DUE_SOON)
    return f"集体合同审查期满生效 {effective} 份，逾期未报送 {unfiled} 份，临期 {soon} 份"


# The contract's organisation is reminded; the scope rule is Contract.objects.visible_to's.
CLOCKS = owned_record_clocks(
    model=ContractClock,
    record="contract",
    title="集体合同",
    record_event=record_clock_event,
    rows=queues.deadline_rows,
    shown_to=queues.works_on_contracts,
    job="contracts.clocks",
    order=40,
    report=report,
)
