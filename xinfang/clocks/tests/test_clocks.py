from datetime import date

from django.urls import reverse

from xinfang.clocks.models import HolidayOverride, missing_calendar_year, work_calendar


def test_calculator_shows_the_due_date_and_why(client, registrar):
    client.force_login(registrar)
    response = client.get(
        reverse("clocks:calculator"),
        {"trigger_on": "2026-09-20", "count": "15", "unit": "calendar", "roll_forward": "on"},
    )
    page = response.content.decode()
    assert "期满日：2026年10月8日" in page and "国庆节" in page and "顺延" in page


def test_calculator_uses_the_overrides(client, registrar):
    HolidayOverride.objects.create(on=date(2026, 6, 16), is_working_day=False, note="台风停工")
    client.force_login(registrar)
    page = client.get(
        reverse("clocks:calculator"),
        {"trigger_on": "2026-06-01", "count": "15", "unit": "calendar", "roll_forward": "on"},
    )
    assert "期满日：2026年6月17日" in page.content.decode() and "台风停工" in page.content.decode()


def test_next_year_missing_is_reported_from_november(db):
    assert missing_calendar_year(date(2026, 10, 31)) is None
    assert missing_calendar_year(date(2026, 11, 1)) == 2027
    HolidayOverride.objects.create(on=date(2027, 1, 1), is_working_day=False, note="元旦")
    assert missing_calendar_year(date(2026, 11, 1), work_calendar()) is None


def test_administrator_home_warns_about_the_missing_year(client, administrator, registrar, monkeypatch):
    from xinfang.workbench import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: date(2026, 11, 2))
    client.force_login(administrator)
    assert "2027年的法定节假日安排尚未录入" in client.get(reverse("home")).content.decode()
    client.force_login(registrar)
    assert "尚未录入" not in client.get(reverse("home")).content.decode()


def test_pages_are_chinese_whatever_the_browser_asks_for(client, registrar):
    client.force_login(registrar)
    page = client.get(
        reverse("clocks:calculator"),
        {"trigger_on": "2026-10-12", "count": "0", "unit": "calendar"},
        headers={"accept-language": "en-US,en;q=0.9"},
    ).content.decode()
    assert "星期一" in page and "Monday" not in page


def test_calculator_says_when_the_due_date_is_an_adjusted_working_day(client, registrar):
    # 2026-09-25 + 15 days is Saturday 10-10, a working day by the National Day arrangement (调休).
    client.force_login(registrar)
    page = client.get(
        reverse("clocks:calculator"),
        {"trigger_on": "2026-09-25", "count": "15", "unit": "calendar", "roll_forward": "on"},
    ).content.decode()
    assert "期满日：2026年10月10日（调休上班日）星期六" in page
    # Without roll-forward a due date inside the holiday is told as a rest day.
    page = client.get(
        reverse("clocks:calculator"), {"trigger_on": "2026-09-20", "count": "15", "unit": "calendar"}
    ).content.decode()
    assert "期满日：2026年10月5日（国庆节，休息日）星期一" in page
