"""The holiday calendar as the system uses it (the official calendar plus administrators' overrides), and the
statutory clock every ledger keeps: its columns as an abstract model and its queries (docs/architecture.md,
"Clocks")."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models, transaction

from xinfang.lib.workdays import WorkCalendar
from xinfang.policies.models import policy

# A clock's unit besides the calendar and working days of ``lib.workdays``: a date fixed by the parties (a
# performance date agreed in a settlement), stored as the days after the start. It is never rolled forward nor
# moved by the holiday calendar.
FIXED_DATE = "date"


class HolidayOverride(models.Model):
    """A day whose status differs from (or is missing in) the official calendar: a new year's holiday
    arrangement before the package knows it, or a local stoppage."""

    on = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "是否工作日", help_text="勾选表示上班（如调休上班日），不勾选表示放假。"
    )
    note = models.CharField("说明", max_length=40, blank=True, help_text="如：2027年元旦、春节调休上班")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {'上班' if self.is_working_day else '放假'} {self.note}"


def work_calendar() -> WorkCalendar:
    """The calendar every deadline is computed on (one query; the table holds a few dozen rows a year)."""
    rows = HolidayOverride.objects.values_list("on", "is_working_day", "note")
    return WorkCalendar({on: (working, note) for on, working, note in rows})


def missing_calendar_year(today: date, calendar: WorkCalendar | None = None) -> int | None:
    """From 1 November, the next year if its holiday arrangement is known neither officially nor by override."""
    if today.month < 11:
        return None
    calendar = calendar or work_calendar()
    return None if calendar.knows_year(today.year + 1) else today.year + 1


def soon_until(today: date) -> date:
    """The last due date that counts as due soon today (policy ``due_soon_days``)."""
    return today + timedelta(days=policy("due_soon_days"))


class ClockQuerySet(models.QuerySet):
    def running(self) -> ClockQuerySet:
        return self.filter(stopped_at__isnull=True)

    def watched(self) -> ClockQuerySet:
        """The clocks someone must act on: running, not paused, not historical. Reminders and queues read only
        these."""
        return self.filter(stopped_at__isnull=True, paused_on__isnull=True, is_historical=False)

    def due_soon(self, today: date, until: date | None = None) -> ClockQuerySet:
        """Watched clocks due from today up to ``until`` (by default the warning days, policy ``due_soon_days``)."""
        until = until or soon_until(today)
        return self.watched().filter(due_on__gte=today, due_on__lte=until)

    def overdue(self, today: date) -> ClockQuerySet:
        return self.watched().filter(due_on__lt=today)

    def due(self, due: str, today: date, until: date | None = None) -> ClockQuerySet:
        """``overdue`` for "overdue", else ``due_soon`` (the lists' ``due`` filter: "soon", "overdue")."""
        return self.overdue(today) if due == "overdue" else self.due_soon(today, until)

    def covering(self, on: date) -> ClockQuerySet:
        """Running clocks whose period covers ``on`` and whose due date the holiday calendar decides: what a change
        of the calendar on that day may move."""
        return (
            self.running()
            .filter(started_on__lt=on, due_on__gte=on, is_historical=False)
            .exclude(unit=FIXED_DATE)
        )


SCOPE_COLUMNS = ("org_level1", "org_level2", "org_level3", "org_level4")


def watched_clock_indexes(prefix: str) -> list[models.Index]:
    """A concrete clock table's indexes of its watched clocks by copied scope column and due date: the deadline
    queues of one organisation's subtree are an ordered seek on the one of its level."""
    watched = models.Q(stopped_at__isnull=True, paused_on__isnull=True, is_historical=False)
    return [
        models.Index(fields=[column, "due_on"], condition=watched, name=f"{prefix}_watched{i}")
        for i, column in enumerate(SCOPE_COLUMNS, start=1)
    ]


class AbstractClock(models.Model):
    """A statutory time limit on a record of a ledger. Each ledger has its concrete clock table with a real foreign
    key to its record and ``kind`` with its own choices, registered in ``clocks/registry.py``; the functions of
    ``clocks/actions.py`` start, stop, pause, resume and recompute any of them, and ``tick`` notes them.

    The due date is computed and stored when the clock starts; any later recomputation (pause, extension, calendar
    change) is recorded as an event on the record. A clock stopped after its due date is ``stopped_late``.

    ``is_historical`` marks a clock entered from the records of the past (an import): it keeps its dates and counts
    in statistics like any other (late when stopped late, or overdue and still running), but no reminder, no queue
    and no recomputation ever touches it."""

    kind = models.CharField("期限", max_length=20)
    started_on = models.DateField("起算事件日期")
    days = models.PositiveSmallIntegerField("天数")
    unit = models.CharField("单位", max_length=10, default="calendar")
    due_on = models.DateField("期满日")
    stopped_at = models.DateTimeField("完成时间", null=True, blank=True)
    stopped_late = models.BooleanField("逾期完成", null=True)
    # A pause (a hearing: 听证时间不计入) — paused_on is the day it began; paused_days is the total of finished
    # pauses, already added to due_on.
    paused_on = models.DateField("暂停日期", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField("已暂停天数", default=0)
    due_soon_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_historical = models.BooleanField(
        "历史数据",
        default=False,
        db_default=False,
        help_text="导入的历史记录：保留日期，不提醒、不进入待办。",
    )
    # Copies of the record's scope columns (``orgs.scoping``: the ids of its owner's ancestors by tree level), for
    # a table whose registration gives ``clock_scope``: the deadline queues then seek the clocks of one scope on
    # ``watched_clock_indexes`` instead of walking every running clock of the federation. The core keeps them:
    # written when a clock starts, rewritten when its record is saved or its owner moves (``clocks/scope.py``).
    org_level1 = models.BigIntegerField(null=True, editable=False)
    org_level2 = models.BigIntegerField(null=True, editable=False)
    org_level3 = models.BigIntegerField(null=True, editable=False)
    org_level4 = models.BigIntegerField(null=True, editable=False)

    objects = ClockQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.due_on}"

    def save(self, *args, **kwargs) -> None:
        """A new clock of a table that copies its record's scope columns (``clock_scope``) takes them from the
        record's row, locked (``clocks/scope.py``): a concurrent change of the record's owner either commits first
        and is read here, or waits for this clock and rewrites it."""
        if self._state.adding and all(getattr(self, c) is None for c in SCOPE_COLUMNS):
            from .registry import CLOCK_TABLES

            table = next((t for t in CLOCK_TABLES if t.model is type(self)), None)
            if table is not None and table.clock_scope is not None:
                with transaction.atomic():
                    rows = table.record_model._default_manager.select_for_update()
                    columns = rows.filter(pk=getattr(self, f"{table.record}_id")).values(*SCOPE_COLUMNS).get()
                    for column, value in columns.items():
                        setattr(self, column, value)
                    super().save(*args, **kwargs)
                return
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        """The kind's label from the concrete table's choices."""
        field = self._meta.get_field("kind")
        assert isinstance(field, models.Field)
        return str(dict(field.flatchoices).get(self.kind, self.kind))

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None
