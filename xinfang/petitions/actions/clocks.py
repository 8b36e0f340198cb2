"""Starting, stopping, pausing and resuming a petition's statutory clocks. Every change is an event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.models import work_calendar
from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import Conflict
from xinfang.lib.workdays import CALENDAR_DAYS, WORKING_DAYS, due_date
from xinfang.policies.models import policy

from ..models import REQUEST_WINDOWS, Assignment, Clock, EventKind, Petition, PetitionEvent


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
    deadline = due_date(
        work_calendar(), trigger_on, days, unit, roll_forward=bool(policy("deadline_roll_forward"))
    )
    clock = Clock.objects.create(
        petition=petition,
        kind=kind,
        assignment=assignment,
        started_on=trigger_on,
        days=days,
        unit=unit,
        due_on=deadline.due_on,
    )
    unit_label = "个工作日" if unit == WORKING_DAYS else "日"
    whose = f"（{assignment.org}）" if assignment is not None else ""
    PetitionEvent.objects.create(
        petition=petition,
        by=by,
        kind=EventKind.CLOCK_STARTED,
        summary=f"{clock.get_kind_display()}{whose}：{days}{unit_label}，期满日{cn_date(deadline.due_on)}"[
            :200
        ],
        changes={"clock": kind, "due_on": deadline.due_on.isoformat(), "steps": list(deadline.steps)},
    )
    return clock


def stop_clocks(clocks, *, on: date, late_if_after_due: bool = True) -> str:
    """Stop running clocks as of ``on``; returns a note for the event when one of them stopped late."""
    now = timezone.now()
    late = ""
    for clock in clocks.filter(stopped_at__isnull=True):
        is_late = late_if_after_due and on > clock.due_on
        Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
            stopped_at=now, stopped_late=is_late
        )
        if is_late:
            late = f"（超过{clock.get_kind_display()}{(on - clock.due_on).days}日）"
    return late


def pause_clock(*, clock: Clock, on: date, by: User, reason: str) -> None:
    """Pause a running clock from ``on`` (a hearing: its time does not count)."""
    if not Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True, paused_on__isnull=True).update(
        paused_on=on
    ):
        raise Conflict("该期限已暂停或已停止，请刷新页面。")
    PetitionEvent.objects.create(
        petition=clock.petition,
        by=by,
        kind=EventKind.HEARING_STARTED,
        summary=f"{reason}，{clock.get_kind_display()}自{cn_date(on)}起暂停计算"[:200],
        changes={"clock": clock.kind, "paused_on": on.isoformat()},
    )


def resume_clock(*, clock: Clock, on: date, by: User, reason: str) -> Clock:
    """Resume a paused clock on ``on``: the paused days (both ends included) are added and the due date is
    recomputed, with an event giving the old and new dates."""
    assert clock.paused_on is not None
    paused = (on - clock.paused_on).days + 1
    total = clock.paused_days + paused
    deadline = due_date(
        work_calendar(),
        clock.started_on,
        clock.days + total,
        clock.unit,
        roll_forward=bool(policy("deadline_roll_forward")),
    )
    updated = Clock.objects.filter(pk=clock.pk, paused_on=clock.paused_on, stopped_at__isnull=True).update(
        paused_on=None,
        paused_days=F("paused_days") + paused,
        due_on=deadline.due_on,
        due_soon_noted_at=None,
        overdue_noted_at=None,
    )
    if not updated:
        raise Conflict("该期限已被他人恢复，请刷新页面。")
    PetitionEvent.objects.create(
        petition=clock.petition,
        by=by,
        kind=EventKind.HEARING_ENDED,
        summary=(
            f"{reason}，暂停{paused}日不计入{clock.get_kind_display()}，"
            f"期满日由{cn_date(clock.due_on)}顺延至{cn_date(deadline.due_on)}"
        )[:200],
        changes={"clock": clock.kind, "from": clock.due_on.isoformat(), "to": deadline.due_on.isoformat()},
    )
    clock.refresh_from_db()
    return clock


def recompute_for_calendar_change(*, on: date) -> int:
    """After the holiday calendar changed on ``on``: recompute every running clock whose period covers that day,
    and record each moved due date as an event with the old and new dates. Returns how many moved."""
    calendar = work_calendar()
    roll = bool(policy("deadline_roll_forward"))
    moved = 0
    covering = Clock.objects.running().filter(started_on__lt=on, due_on__gte=on).select_related("petition")
    for clock in covering.iterator(chunk_size=500):
        deadline = due_date(
            calendar, clock.started_on, clock.days + clock.paused_days, clock.unit, roll_forward=roll
        )
        if deadline.due_on == clock.due_on:
            continue
        with transaction.atomic():
            if not Clock.objects.filter(pk=clock.pk, due_on=clock.due_on, stopped_at__isnull=True).update(
                due_on=deadline.due_on, due_soon_noted_at=None, overdue_noted_at=None
            ):
                continue
            PetitionEvent.objects.create(
                petition=clock.petition,
                by=None,
                kind=EventKind.CLOCK_RECOMPUTED,
                summary=(
                    f"节假日安排调整（{cn_date(on)}），{clock.get_kind_display()}期满日"
                    f"由{cn_date(clock.due_on)}改为{cn_date(deadline.due_on)}"
                )[:200],
                changes={
                    "clock": clock.kind,
                    "from": clock.due_on.isoformat(),
                    "to": deadline.due_on.isoformat(),
                },
            )
            moved += 1
    return moved


def note_clock_warnings(now: datetime) -> tuple[int, int]:
    """tick: record "due soon" and "overdue" the first time each happens to a running clock (not a request
    window), as an event that stays in the petition's history even when it is later finished and as reminders to
    the unit that must act. Returns how many clocks were noted due soon and overdue.

    Each note is claimed with a conditional UPDATE (``... WHERE due_soon_noted_at IS NULL``) in its own
    transaction: of two runs at once, only the one whose UPDATE changed the row writes the event."""
    today = timezone.localdate(now)
    soon = today + timedelta(days=policy("due_soon_days"))
    watched = (
        Clock.objects.running()
        .filter(paused_on__isnull=True)
        .exclude(kind__in=REQUEST_WINDOWS)
        .select_related("petition__org", "assignment__org")
    )
    staff: dict[int, list[User]] = {}
    due_soon = _note(
        watched.filter(due_soon_noted_at__isnull=True, due_on__gte=today, due_on__lte=soon),
        "due_soon_noted_at",
        EventKind.DUE_SOON,
        now,
        staff,
        lambda c: f"{_what(c)}将于{cn_date(c.due_on)}期满（剩{(c.due_on - today).days}日）",
    )
    overdue = _note(
        watched.filter(overdue_noted_at__isnull=True, due_on__lt=today),
        "overdue_noted_at",
        EventKind.OVERDUE,
        now,
        staff,
        lambda c: f"{_what(c)}已于{cn_date(c.due_on)}期满，已超期",
    )
    return due_soon, overdue


def _what(clock: Clock) -> str:
    whose = f"（{clock.assignment.org}）" if clock.assignment is not None else ""
    return f"{clock.get_kind_display()}{whose}"


def _note(clocks, field: str, kind: str, now: datetime, staff: dict[int, list[User]], summary) -> int:
    noted = 0
    for clock in clocks.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Clock.objects.filter(pk=clock.pk, **{f"{field}__isnull": True}).update(**{field: now})
            if not claimed:
                continue
            text = summary(clock)
            PetitionEvent.objects.create(
                petition=clock.petition,
                by=None,
                kind=kind,
                summary=text,
                changes={"clock": clock.kind, "due_on": clock.due_on.isoformat()},
            )
            unit = clock.assignment.org if clock.assignment is not None else clock.petition.org
            if unit.pk not in staff:
                staff[unit.pk] = unit_staff(unit)
            remind(
                users=staff[unit.pk],
                kind=ReminderKind.DUE_SOON if kind == EventKind.DUE_SOON else ReminderKind.OVERDUE,
                text=f"{clock.petition.number} {text}",
                record=clock.petition,
                key=f"clock:{clock.pk}:{kind}:{clock.due_on:%Y%m%d}",
            )
            noted += 1
    return noted
