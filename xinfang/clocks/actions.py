"""Starting, stopping, pausing, resuming and recomputing the clocks of any registered clock table, and noting
the due-soon and overdue ones (``tick``). Every change but a stop is recorded as an event on the clock's record,
through the table's ``record_event``; a stop is told by the step that stops it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from xinfang.inbox.models import Reminder, ReminderKind, remind, unit_staff
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import Conflict
from xinfang.lib.workdays import CALENDAR_DAYS, WORKING_DAYS, WorkCalendar, due_date
from xinfang.policies.models import policy

from .models import FIXED_DATE, AbstractClock, soon_until, work_calendar
from .registry import ClockNote, Happening, Noted

if TYPE_CHECKING:
    from xinfang.accounts.models import User

    from .registry import ClockTable

UNIT_LABELS = {CALENDAR_DAYS: "日", WORKING_DAYS: "个工作日", FIXED_DATE: "日"}

# An overdue clock is a reminder only while it is news: one that fell due longer ago than this when tick first
# sees it (an old record entered or converted afterwards, a server that was off) is noted in the record's history
# and shown in the 超期 queue and the deadline list, but nobody's inbox is filled with it.
REMIND_OVERDUE_WITHIN_DAYS = 30


def _due(calendar: WorkCalendar, started_on: date, days: int, unit: str) -> tuple[date, tuple[str, ...]]:
    """The due date of a period on the work calendar with the roll-forward policy, and the steps that explain it;
    a fixed date is the start plus its days, whatever the calendar."""
    if unit == FIXED_DATE:
        return started_on + timedelta(days=days), ()
    deadline = due_date(calendar, started_on, days, unit, roll_forward=bool(policy("deadline_roll_forward")))
    return deadline.due_on, deadline.steps


def _record(
    table: ClockTable, clock: AbstractClock, happening: Happening, summary: str, changes, by, on
) -> str:
    note = ClockNote(clock, table.record_of(clock), happening, summary[:200], changes, by, on)
    return table.record_event(note) or note.summary


def start_clock(
    *,
    table: ClockTable,
    record: Any,
    kind: str,
    trigger_on: date,
    days: int,
    by: User | None,
    unit: str = CALENDAR_DAYS,
    **columns: Any,
) -> AbstractClock:
    """Start a statutory clock on a record: compute the due date now (from the day after ``trigger_on``, on the
    work calendar, rolled forward past rest days when the policy says so; a ``FIXED_DATE`` clock ends ``days``
    after the trigger), store it, and record it as an event. ``columns`` are the table's own columns."""
    if days < 0:
        raise ValueError("期限天数不能为负数。")
    due_on, steps = _due(work_calendar(), trigger_on, days, unit)
    clock = table.model.objects.create(
        **{table.record: record},
        kind=kind,
        started_on=trigger_on,
        days=days,
        unit=unit,
        due_on=due_on,
        **columns,
    )
    length = "" if unit == FIXED_DATE else f"{days}{UNIT_LABELS.get(unit, '日')}，"
    _record(
        table,
        clock,
        Happening.STARTED,
        f"{table.describe(clock)}：{length}期满日{cn_date(due_on)}",
        {"clock": kind, "due_on": due_on.isoformat(), "steps": list(steps)},
        by,
        trigger_on,
    )
    return clock


def stop_clocks(clocks: QuerySet, *, on: date, late_if_after_due: bool = True) -> str:
    """Stop running clocks as of ``on``; returns a note for the step's event when one of them stopped late."""
    now = timezone.now()
    late = ""
    for clock in clocks.filter(stopped_at__isnull=True):
        is_late = late_if_after_due and on > clock.due_on
        clocks.model.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
            stopped_at=now, stopped_late=is_late
        )
        settle_notes(clock)
        if is_late:
            late = f"（超过{clock.kind_label}{(on - clock.due_on).days}日）"
    return late


def note_key(clock: AbstractClock, happening: str) -> str:
    """The key of the reminders noting a clock's happening (one per user, ``Reminder.key``)."""
    return f"{clock._meta.label_lower}:{clock.pk}:{happening}:{clock.due_on:%Y%m%d}"


def settle_notes(clock: AbstractClock) -> int:
    """A stopped clock is no longer to be acted on: its unread due-soon and overdue reminders are marked read."""
    return (
        Reminder.objects.unread()
        .filter(key__startswith=f"{clock._meta.label_lower}:{clock.pk}:")
        .update(read_at=timezone.now())
    )


def pause_clock(*, table: ClockTable, clock: AbstractClock, on: date, by: User, reason: str) -> None:
    """Pause a running clock from ``on`` (a hearing: its time does not count)."""
    if not table.model.objects.filter(pk=clock.pk, stopped_at__isnull=True, paused_on__isnull=True).update(
        paused_on=on
    ):
        raise Conflict("该期限已暂停或已停止，请刷新页面。")
    _record(
        table,
        clock,
        Happening.PAUSED,
        f"{reason}，{clock.kind_label}自{cn_date(on)}起暂停计算",
        {"clock": clock.kind, "paused_on": on.isoformat()},
        by,
        on,
    )


def resume_clock(
    *, table: ClockTable, clock: AbstractClock, on: date, by: User, reason: str
) -> AbstractClock:
    """Resume a paused clock on ``on``: the paused days (both ends included) are added and the due date is
    recomputed, with an event giving the old and new dates."""
    assert clock.paused_on is not None
    paused = (on - clock.paused_on).days + 1
    due_on, _ = _due(work_calendar(), clock.started_on, clock.days + clock.paused_days + paused, clock.unit)
    updated = table.model.objects.filter(
        pk=clock.pk, paused_on=clock.paused_on, stopped_at__isnull=True
    ).update(
        paused_on=None,
        paused_days=F("paused_days") + paused,
        due_on=due_on,
        due_soon_noted_at=None,
        overdue_noted_at=None,
    )
    if not updated:
        raise Conflict("该期限已被他人恢复，请刷新页面。")
    _record(
        table,
        clock,
        Happening.RESUMED,
        f"{reason}，暂停{paused}日不计入{clock.kind_label}，期满日由{cn_date(clock.due_on)}顺延至{cn_date(due_on)}",
        {"clock": clock.kind, "from": clock.due_on.isoformat(), "to": due_on.isoformat()},
        by,
        on,
    )
    clock.refresh_from_db()
    return clock


def recompute_for_calendar_change(*, table: ClockTable, on: date) -> int:
    """After the holiday calendar changed on ``on``: recompute every running clock of the table whose period
    covers that day, and record each moved due date as an event with the old and new dates (each in its own
    transaction, claimed by the old date). Returns how many moved."""
    calendar = work_calendar()
    moved = 0
    covering = table.model.objects.covering(on).select_related(table.record, *table.related)
    for clock in covering.iterator(chunk_size=500):
        due_on, _ = _due(calendar, clock.started_on, clock.days + clock.paused_days, clock.unit)
        if due_on == clock.due_on:
            continue
        with transaction.atomic():
            if not table.model.objects.filter(
                pk=clock.pk, due_on=clock.due_on, stopped_at__isnull=True
            ).update(due_on=due_on, due_soon_noted_at=None, overdue_noted_at=None):
                continue
            _record(
                table,
                clock,
                Happening.RECOMPUTED,
                f"节假日安排调整（{cn_date(on)}），{clock.kind_label}期满日"
                f"由{cn_date(clock.due_on)}改为{cn_date(due_on)}",
                {"clock": clock.kind, "from": clock.due_on.isoformat(), "to": due_on.isoformat()},
                None,
                timezone.localdate(),
            )
            moved += 1
    return moved


def note_deadlines(*, table: ClockTable, now: datetime) -> Noted:
    """tick: record "due soon" and "overdue" the first time each happens to a watched clock of the table (not a
    request window), as an event that stays in the record's history even when the clock later stops, and as
    reminders to the staff of the unit that must act. Returns the counts by happening and kind.

    Each note is claimed with a conditional UPDATE (``... WHERE due_soon_noted_at IS NULL``) in its own
    transaction: of two runs at once, only the one whose UPDATE changed the row writes the event."""
    today = timezone.localdate(now)
    watched = (
        table.model.objects.watched()
        .exclude(kind__in=table.request_windows)
        .select_related(table.record, *table.related)
    )
    noted: Noted = Noted()
    staff: dict[int, list] = {}
    soon = watched.filter(due_soon_noted_at__isnull=True).due_soon(today, soon_until(today))
    for clock in soon.iterator(chunk_size=500):
        left = (clock.due_on - today).days
        summary = f"{table.describe(clock)}将于{cn_date(clock.due_on)}期满（剩{left}日）"
        if _note(table, clock, Happening.DUE_SOON, "due_soon_noted_at", summary, now, staff):
            noted[(Happening.DUE_SOON, clock.kind)] += 1
    overdue = watched.filter(overdue_noted_at__isnull=True).overdue(today)
    for clock in overdue.iterator(chunk_size=500):
        summary = f"{table.describe(clock)}已于{cn_date(clock.due_on)}期满，已超期"
        if _note(table, clock, Happening.OVERDUE, "overdue_noted_at", summary, now, staff):
            noted[(Happening.OVERDUE, clock.kind)] += 1
    return noted


def _note(
    table: ClockTable,
    clock: AbstractClock,
    happening: Happening,
    field: str,
    summary: str,
    now: datetime,
    staff: dict[int, list],
) -> bool:
    with transaction.atomic():
        if not table.model.objects.filter(pk=clock.pk, **{f"{field}__isnull": True}).update(**{field: now}):
            return False
        changes = {"clock": clock.kind, "due_on": clock.due_on.isoformat()}
        text = _record(table, clock, happening, summary, changes, None, timezone.localdate(now))
        if happening == Happening.OVERDUE and is_old_news(clock, timezone.localdate(now)):
            return True
        unit = table.unit(clock)
        if unit.pk not in staff:
            staff[unit.pk] = unit_staff(unit)
        record = table.record_of(clock)
        remind(
            users=staff[unit.pk],
            kind=ReminderKind.DUE_SOON if happening == Happening.DUE_SOON else ReminderKind.OVERDUE,
            text=f"{record} {text}",
            record=record,
            key=note_key(clock, happening),
        )
    return True


def is_old_news(clock: AbstractClock, today: date) -> bool:
    """Whether an overdue clock fell due too long ago to be a reminder (``REMIND_OVERDUE_WITHIN_DAYS``)."""
    return (today - clock.due_on).days > REMIND_OVERDUE_WITHIN_DAYS
