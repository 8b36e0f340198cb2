"""The dates of a collective contract (集体合同规定 2004; 劳动合同法 第五十四条), on the holiday calendar.

- Filing (第四十二条): the employer files the text within 10 days of the chief representatives' signing.
- Review (第四十七条): the contract takes effect when the labour department raises no objection within 15 days of
  receiving it; it is effective from the day after that period's last day.
- Term (第三十八条): 1 to 3 years; a term runs from its first day to the day before the same date N years on
  (2026-01-01 for 3 years ends 2028-12-31; a term from 29 February ends on 28 February).
- Renewal (第三十八条): either side may ask to renew within the last 3 months before expiry: from the same date 3
  months before the day after the last day (last day 2028-12-31: from 2028-10-01), or from the end of that month
  when it has no such date (last day 2028-05-30: from 2028-02-29), so the window is never shorter than 3 months.

The two periods in days count from the day after and roll past rest days like every clock (``workdays.due_date``);
their lengths are keyword arguments so that a ledger can pass its policies.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from xinfang.lib.cnformat import cn_date
from xinfang.lib.workdays import CALENDAR_DAYS, Deadline, WorkCalendar, due_date

FILING_DAYS = 10
REVIEW_DAYS = 15
TERM_YEARS = (1, 3)  # shortest and longest
RENEWAL_MONTHS = 3


def filing_due(
    calendar: WorkCalendar, *, signed_on: date, days: int = FILING_DAYS, roll_forward: bool = True
) -> Deadline:
    """The last day to file the signed contract with the labour department."""
    return due_date(calendar, signed_on, days, CALENDAR_DAYS, roll_forward=roll_forward)


def review_ends(
    calendar: WorkCalendar, *, received_on: date, days: int = REVIEW_DAYS, roll_forward: bool = True
) -> Deadline:
    """The last day on which the labour department may object to the contract it received."""
    return due_date(calendar, received_on, days, CALENDAR_DAYS, roll_forward=roll_forward)


def effective_on(
    calendar: WorkCalendar, *, received_on: date, days: int = REVIEW_DAYS, roll_forward: bool = True
) -> date:
    """The day the contract takes effect when no objection came: the day after the review period."""
    return review_ends(
        calendar, received_on=received_on, days=days, roll_forward=roll_forward
    ).due_on + timedelta(days=1)


def term_ends_on(starts_on: date, years: int) -> date:
    """The last day of a term of ``years`` whole years; a term outside 1–3 years is refused."""
    shortest, longest = TERM_YEARS
    if not shortest <= years <= longest:
        raise ValueError(f"集体合同期限须为{shortest}至{longest}年（现为{years}年）。")
    return _years_on(starts_on, years) - timedelta(days=1)


def term_problem(starts_on: date, ends_on: date) -> str | None:
    """What is wrong with a term from ``starts_on`` to ``ends_on`` (both days included), or None."""
    shortest, longest = TERM_YEARS
    earliest, latest = term_ends_on(starts_on, shortest), term_ends_on(starts_on, longest)
    if earliest <= ends_on <= latest:
        return None
    return (
        f"集体合同期限须为{shortest}至{longest}年：自{cn_date(starts_on)}起，终止日期应在{cn_date(earliest)}"
        f"至{cn_date(latest)}之间（现为{cn_date(ends_on)}）。"
    )


def renewal_opens_on(ends_on: date, *, months: int = RENEWAL_MONTHS) -> date:
    """The first day on which either side may ask to renew a contract whose last day is ``ends_on``."""
    after = ends_on + timedelta(days=1)
    month_index = after.year * 12 + after.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(after.day, monthrange(year, month)[1]))


def in_renewal_window(on: date, *, ends_on: date, months: int = RENEWAL_MONTHS) -> bool:
    """True from the renewal window's first day to the contract's last day, both included."""
    return renewal_opens_on(ends_on, months=months) <= on <= ends_on


def _years_on(day: date, years: int) -> date:
    """The same date ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)
