from datetime import date

import pytest

from xinfang.lib.contractdates import (
    effective_on,
    filing_due,
    in_renewal_window,
    renewal_opens_on,
    review_ends,
    term_ends_on,
    term_problem,
)
from xinfang.lib.workdays import WorkCalendar

official = WorkCalendar()


def test_filing_is_due_ten_days_after_signing():
    # Signed Monday 2026-06-01: counting starts 06-02, the tenth day is Thursday 06-11.
    assert filing_due(official, signed_on=date(2026, 6, 1)).due_on == date(2026, 6, 11)


def test_filing_due_on_national_day_rolls_to_the_first_working_day():
    # Signed 2026-09-25: the tenth day, 10-05, falls in the 10-01..10-07 holiday.
    deadline = filing_due(official, signed_on=date(2026, 9, 25))
    assert deadline.due_on == date(2026, 10, 8)
    assert any("国庆节" in step for step in deadline.steps)
    assert filing_due(official, signed_on=date(2026, 9, 25), roll_forward=False).due_on == date(2026, 10, 5)


def test_filing_due_on_a_weekend_or_spring_festival_rolls_forward():
    assert filing_due(official, signed_on=date(2026, 5, 27)).due_on == date(2026, 6, 8)  # 06-06 is a Saturday
    assert filing_due(official, signed_on=date(2026, 2, 5)).due_on == date(2026, 2, 24)  # 02-15..02-23 off


def test_filing_days_follow_the_policy_passed():
    assert filing_due(official, signed_on=date(2026, 6, 1), days=7).due_on == date(2026, 6, 8)


def test_contract_takes_effect_the_day_after_fifteen_days_without_objection():
    # Received Monday 2026-06-01: the review period ends Tuesday 06-16; effective Wednesday 06-17.
    assert review_ends(official, received_on=date(2026, 6, 1)).due_on == date(2026, 6, 16)
    assert effective_on(official, received_on=date(2026, 6, 1)) == date(2026, 6, 17)


def test_review_ending_in_the_national_day_holiday_is_rolled_forward():
    # Received 2026-09-20: the fifteenth day, 10-05, is a holiday; the period ends 10-08, effective 10-09.
    assert review_ends(official, received_on=date(2026, 9, 20)).due_on == date(2026, 10, 8)
    assert effective_on(official, received_on=date(2026, 9, 20)) == date(2026, 10, 9)
    assert effective_on(official, received_on=date(2026, 9, 20), roll_forward=False) == date(2026, 10, 6)


def test_review_ending_on_an_adjusted_working_saturday_stays():
    # 2026-10-10 is a Saturday worked instead of a holiday (调休).
    assert review_ends(official, received_on=date(2026, 9, 25)).due_on == date(2026, 10, 10)


@pytest.mark.parametrize(
    ("starts_on", "years", "ends_on"),
    [
        (date(2026, 1, 1), 1, date(2026, 12, 31)),
        (date(2026, 1, 1), 3, date(2028, 12, 31)),
        (date(2026, 7, 15), 2, date(2028, 7, 14)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2027, 3, 1), 1, date(2028, 2, 29)),
    ],
)
def test_a_term_ends_the_day_before_the_same_date_years_on(starts_on, years, ends_on):
    assert term_ends_on(starts_on, years) == ends_on


@pytest.mark.parametrize("years", [0, 4, -1])
def test_a_term_outside_one_to_three_years_is_refused(years):
    with pytest.raises(ValueError, match=rf"集体合同期限须为1至3年（现为{years}年）"):
        term_ends_on(date(2026, 1, 1), years)


def test_term_dates_between_one_and_three_years_are_accepted():
    starts_on = date(2026, 1, 1)
    assert term_problem(starts_on, date(2026, 12, 31)) is None
    assert term_problem(starts_on, date(2027, 6, 30)) is None
    assert term_problem(starts_on, date(2028, 12, 31)) is None


def test_term_dates_shorter_or_longer_are_refused_with_the_allowed_range():
    starts_on = date(2026, 1, 1)
    message = term_problem(starts_on, date(2026, 12, 30))
    assert message == (
        "集体合同期限须为1至3年：自2026年1月1日起，终止日期应在2026年12月31日至2028年12月31日之间（现为2026年12月30日）。"
    )
    assert term_problem(starts_on, date(2029, 1, 1)) is not None
    assert term_problem(starts_on, date(2025, 12, 31)) is not None


def test_renewal_window_is_the_last_three_months():
    ends_on = date(2028, 12, 31)
    assert renewal_opens_on(ends_on) == date(2028, 10, 1)
    assert not in_renewal_window(date(2028, 9, 30), ends_on=ends_on)
    assert in_renewal_window(date(2028, 10, 1), ends_on=ends_on)
    assert in_renewal_window(date(2028, 12, 31), ends_on=ends_on)
    assert not in_renewal_window(date(2029, 1, 1), ends_on=ends_on)  # expired: no longer a renewal


def test_renewal_window_opens_at_a_month_end_when_the_date_is_missing():
    assert renewal_opens_on(date(2028, 5, 30)) == date(2028, 2, 29)
    assert renewal_opens_on(date(2027, 5, 30)) == date(2027, 2, 28)
    assert renewal_opens_on(date(2027, 2, 14)) == date(2026, 11, 15)  # across a year
    assert renewal_opens_on(date(2028, 12, 31), months=1) == date(2028, 12, 1)
