"""The holiday calendar as the system uses it: the official calendar plus administrators' overrides."""

from __future__ import annotations

from datetime import date

from django.db import models

from xinfang.lib.workdays import WorkCalendar


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
