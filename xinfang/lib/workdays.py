"""The clock engine: statutory deadlines in calendar days and working days, on the official holiday calendar.

Pure: no database. A ``WorkCalendar`` answers "is this a working day?" from administrator overrides first, then
from the ``chinesecalendar`` package (holidays and adjusted working weekends, 调休), and for a year the package
does not know, from the weekday alone (and says so, so that administrators are warned; it never crashes).

Rules (民法典 第二百零一、二百零三条; 信访工作条例): counting starts the day after the trigger; "N日" counts calendar
days, "N个工作日" working days; when the last day of a calendar-day period is a rest day or holiday, the deadline
moves to the next working day (a setting, on by default, because some local systems do not roll forward).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"


@dataclass(frozen=True)
class DayFact:
    on: date
    working: bool
    source: str  # "override" (administrator), "official" (chinesecalendar), "weekday" (year unknown)
    name: str = ""  # holiday name or the administrator's note


@dataclass
class WorkCalendar:
    """Working days from overrides (date -> (is_working, note)) over the official calendar."""

    overrides: Mapping[date, tuple[bool, str]] = field(default_factory=dict)

    def fact(self, on: date) -> DayFact:
        if on in self.overrides:
            working, note = self.overrides[on]
            return DayFact(on, working, "override", note)
        try:
            holiday, name = chinese_calendar.get_holiday_detail(on)
        except NotImplementedError:
            return DayFact(on, on.weekday() < 5, "weekday")
        working = chinese_calendar.is_workday(on)
        return DayFact(on, working, "official", _HOLIDAY_NAMES.get(name or "", name or "") if holiday else "")

    def is_working_day(self, on: date) -> bool:
        return self.fact(on).working

    def note(self, on: date) -> str:
        """What a person should be told about a day beyond its weekday: "调休上班日" for a Saturday or Sunday that
        is a working day, "休息日" (with the holiday's name) for a weekday that is not; "" for an ordinary day."""
        fact = self.fact(on)
        weekend = on.weekday() >= 5
        if fact.working and weekend:
            return "调休上班日"
        if not fact.working and not weekend:
            return f"{fact.name}，休息日" if fact.name else "休息日"
        return ""

    def knows_year(self, year: int) -> bool:
        """True when the official calendar or the overrides cover the year's holidays."""
        try:
            chinese_calendar.is_workday(date(year, 1, 1))
            return True
        except NotImplementedError:
            return any(d.year == year for d in self.overrides)


@dataclass(frozen=True)
class Deadline:
    """A computed due date with the reasoning a person can check."""

    trigger_on: date
    count: int
    unit: str
    due_on: date
    steps: tuple[str, ...]
    guessed_years: tuple[int, ...] = ()  # years counted by weekday only: the official calendar was missing


def due_date(
    calendar: WorkCalendar, trigger_on: date, count: int, unit: str, *, roll_forward: bool = True
) -> Deadline:
    """The last day of a period of ``count`` days (``unit``) that starts the day after ``trigger_on``."""
    if count < 0:
        raise ValueError("期限天数不能为负数。")
    steps: list[str] = [f"起算：{_d(trigger_on)}的次日（{_d(trigger_on + timedelta(days=1))}）开始计算"]
    guessed: set[int] = set()
    day = trigger_on
    if unit == CALENDAR_DAYS:
        day = trigger_on + timedelta(days=count)
        steps.append(f"按自然日计算{count}日，期满日为{_d(day)}")
        if roll_forward:
            day = _roll_forward(calendar, day, steps, guessed)
    elif unit == WORKING_DAYS:
        counted = 0
        while counted < count:
            day += timedelta(days=1)
            fact = calendar.fact(day)
            if fact.source == "weekday":
                guessed.add(day.year)
            if fact.working:
                counted += 1
            else:
                steps.append(f"{_d(day)}不计（{_why(fact)}）")
        steps.append(f"按工作日计算{count}个工作日，期满日为{_d(day)}")
    else:
        raise ValueError(f"未知的计算单位：{unit}")
    return Deadline(trigger_on, count, unit, day, tuple(steps), tuple(sorted(guessed)))


def _roll_forward(calendar: WorkCalendar, day: date, steps: list[str], guessed: set[int]) -> date:
    fact = calendar.fact(day)
    while not fact.working:
        if fact.source == "weekday":
            guessed.add(day.year)
        steps.append(f"{_d(day)}为休息日（{_why(fact)}），顺延")
        day += timedelta(days=1)
        fact = calendar.fact(day)
    if fact.source == "weekday":
        guessed.add(day.year)
    return day


def _why(fact: DayFact) -> str:
    if fact.source == "override":
        return f"管理员设定{('：' + fact.name) if fact.name else ''}"
    if fact.name:
        return fact.name
    if fact.source == "weekday":
        return "周末，当年官方节假日安排未录入"
    return "周末"


def _d(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
