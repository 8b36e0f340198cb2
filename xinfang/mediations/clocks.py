"""A mediation's clocks on the core's clock mechanism (``xinfang.clocks``): the mediation clock table as the core
sees it (``CLOCKS``, registered in ``contributions.py``) and what its happenings mean for a case.

What stays the mediation's own is here: the 15-day period lapsing records the lapse (``lapsed_on``) and offers
arbitration (第十四条); a holiday change moves ``settle_by`` with its clock; the performance date passing chases the
agreement."""

from __future__ import annotations

from datetime import date

from xinfang.clocks.registry import ClockNote, Happening, Noted, owned_record_clocks
from xinfang.lib.cnformat import cn_date
from xinfang.lib.workflow import record_event

from . import queues
from .models import ClockKind, EventKind, Mediation, MediationClock


def record_clock_event(note: ClockNote) -> str | None:
    mediation: Mediation = note.record
    clock: MediationClock = note.clock
    if note.happening == Happening.STARTED:
        return None  # the registration's and the conclusion's own events give the dates
    if note.happening == Happening.DUE_SOON:
        record_event(mediation, None, EventKind.DUE_SOON, note.summary, **note.changes)
        return note.summary
    if note.happening == Happening.OVERDUE:
        if clock.kind == ClockKind.SETTLE:
            Mediation.objects.filter(pk=mediation.pk, lapsed_on__isnull=True).update(lapsed_on=note.on)
            text = f"自收到申请之日起{clock.days}日内（至{cn_date(clock.due_on)}）未达成调解协议，当事人可以依法申请仲裁"
            record_event(mediation, None, EventKind.LAPSED, text, **note.changes)
        else:
            text = f"调解协议履行期限（{cn_date(clock.due_on)}）已过，尚未记录全部履行"
            record_event(mediation, None, EventKind.PERFORMANCE_OVERDUE, text, **note.changes)
        return text
    # Recomputed (a holiday change), or paused and resumed: the due date moved.
    if clock.kind == ClockKind.SETTLE and "to" in note.changes:
        moved_to = date.fromisoformat(note.changes["to"])
        columns: dict = {"settle_by": moved_to}
        if moved_to >= note.on:
            columns["lapsed_on"] = None  # the period has not lapsed after all
        Mediation.objects.filter(pk=mediation.pk).update(**columns)
    record_event(mediation, note.by, EventKind.CLOCK_RECOMPUTED, note.summary, **note.changes)
    return note.summary


def report(noted: Noted) -> str:
    lapsed = noted[(Happening.OVERDUE, ClockKind.SETTLE)]
    unperformed = noted[(Happening.OVERDUE, ClockKind.PERFORMANCE)]
    soon = sum(n for (happening, _), n in noted.items() if happening == Happening.DUE_SOON)
    return f"调解期限届满 {lapsed} 件，协议逾期未履行 {unperformed} 件，临期 {soon} 件"


# The mediation's organisation is reminded; the scope rule is Mediation.objects.visible_to's.
CLOCKS = owned_record_clocks(
    model=MediationClock,
    record="mediation",
    title="劳动争议调解",
    record_event=record_clock_event,
    rows=queues.deadline_rows,
    shown_to=queues.works_on_deadlines,
    job="mediations.lapses",
    order=30,
    report=report,
)
