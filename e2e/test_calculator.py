"""The due-date calculator (期限计算) across the National Day holiday of 2026 (1–7 October)."""

from __future__ import annotations

from playwright.sync_api import expect


def _calculate(page, trigger_on: str, count: int, unit: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="计算"))
    form.locator('[name="trigger_on"]').fill(trigger_on)
    form.locator('[name="count"]').fill(str(count))
    form.locator('[name="unit"]').select_option(label=unit)
    form.get_by_role("button", name="计算").click()


def test_the_due_date_calculator_skips_the_national_day_holiday(journey):
    page = journey.as_user("chengban")
    page.get_by_role("link", name="期限计算").click()
    expect(page.get_by_role("heading", name="期限计算器")).to_be_visible()

    # Three working days from Tuesday 29 September: the 30th, then the holiday, then 8 and 9 October.
    _calculate(page, "2026-09-29", 3, "个工作日")
    expect(page.get_by_role("heading", name="期满日：2026年10月9日（星期五）")).to_be_visible()
    expect(page.locator("ol")).to_contain_text("2026年10月1日不计")

    # Fifteen days from 16 September end on 1 October, a holiday: the last day moves to 8 October.
    _calculate(page, "2026-09-16", 15, "日（自然日）")
    expect(page.get_by_role("heading", name="期满日：2026年10月8日（星期四）")).to_be_visible()
    expect(page.locator("ol")).to_contain_text("顺延")
