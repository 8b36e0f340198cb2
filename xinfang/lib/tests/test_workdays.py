from datetime import date

import pytest

from xinfang.lib.workdays import CALENDAR_DAYS, WORKING_DAYS, WorkCalendar, due_date

official = WorkCalendar()


def test_counting_starts_the_day_after_the_trigger():
    # Received Monday 2026-06-01; 15 days -> 2026-06-16 (a Tuesday, a working day).
    assert due_date(official, date(2026, 6, 1), 15, CALENDAR_DAYS).due_on == date(2026, 6, 16)


def test_calendar_deadline_on_national_day_rolls_to_the_first_working_day():
    # 15 days from 2026-09-20 ends on 10-05, inside the 10-01..10-07 holiday: it moves to 10-08.
    deadline = due_date(official, date(2026, 9, 20), 15, CALENDAR_DAYS)
    assert deadline.due_on == date(2026, 10, 8)
    assert any("国庆节" in step for step in deadline.steps)


def test_roll_forward_can_be_switched_off():
    assert due_date(official, date(2026, 9, 20), 15, CALENDAR_DAYS, roll_forward=False).due_on == date(
        2026, 10, 5
    )


def test_deadline_on_an_ordinary_weekend_rolls_to_monday():
    # 2026-06-06 is a Saturday.
    assert due_date(official, date(2026, 5, 22), 15, CALENDAR_DAYS).due_on == date(2026, 6, 8)


def test_adjusted_working_saturday_is_not_rolled_past():
    # 2026-10-10 is a Saturday worked instead of a holiday (调休): a deadline falling on it stays.
    assert due_date(official, date(2026, 9, 25), 15, CALENDAR_DAYS).due_on == date(2026, 10, 10)


def test_five_working_days_skip_the_national_day_week_and_count_the_adjusted_sunday():
    # From Thursday 2026-09-17: 9-18 (Fri) 1, 9-19 Sat skipped, 9-20 (Sunday worked, 调休) 2, 9-21 3, 9-22 4, 9-23 5.
    assert due_date(official, date(2026, 9, 17), 5, WORKING_DAYS).due_on == date(2026, 9, 23)
    # From Tuesday 2026-09-29: 9-30 1, 10-01..10-07 off, 10-08 2, 10-09 3, 10-10 (Saturday worked) 4, 10-12 5.
    deadline = due_date(official, date(2026, 9, 29), 5, WORKING_DAYS)
    assert deadline.due_on == date(2026, 10, 12)
    assert sum("不计" in s for s in deadline.steps) == 8  # 10-01..10-07 and Sunday 10-11


def test_spring_festival_2026():
    # Spring Festival 2026-02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) worked.
    assert due_date(official, date(2026, 2, 5), 15, CALENDAR_DAYS).due_on == date(2026, 2, 24)
    assert due_date(official, date(2026, 2, 12), 2, WORKING_DAYS).due_on == date(2026, 2, 14)


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_and_says_so():
    deadline = due_date(official, date(2026, 12, 28), 5, WORKING_DAYS)
    assert deadline.due_on == date(2027, 1, 4)
    assert deadline.guessed_years == (2027,)
    assert not official.knows_year(2027)


def test_overrides_cover_a_missing_year():
    calendar = WorkCalendar({date(2027, 1, 1): (False, "元旦"), date(2027, 1, 4): (False, "元旦调休")})
    deadline = due_date(calendar, date(2026, 12, 30), 2, WORKING_DAYS)
    assert deadline.due_on == date(2027, 1, 5)
    assert calendar.knows_year(2027)


def test_override_beats_the_official_calendar():
    calendar = WorkCalendar({date(2026, 6, 16): (False, "台风停工")})
    assert due_date(calendar, date(2026, 6, 1), 15, CALENDAR_DAYS).due_on == date(2026, 6, 17)


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        due_date(official, date(2026, 6, 1), -1, CALENDAR_DAYS)


def test_a_day_is_noted_when_its_weekday_misleads():
    calendar = WorkCalendar({date(2026, 6, 17): (False, "台风停工")})
    assert calendar.note(date(2026, 10, 10)) == "调休上班日"  # a Saturday worked for the National Day
    assert calendar.note(date(2026, 10, 5)) == "国庆节，休息日"
    assert calendar.note(date(2026, 6, 17)) == "台风停工，休息日"
    assert calendar.note(date(2026, 10, 12)) == "" and calendar.note(date(2026, 10, 17)) == ""
