"""A workers' home inspected against the year's checklist (职工之家验收): found wanting, it is given a deadline to
put things right (限期整改) and passes its re-inspection (复查)."""

from __future__ import annotations

from datetime import date, timedelta

from journeys import expect_message, open_union_work, today, unique
from playwright.sync_api import expect

# The year's checklist (demo data): eight items, 100 points, 80 to pass.
FIRST_SCORES = ["12", "14", "10", "8", "12", "6", "8", "4"]  # 74: short of the pass mark
SECOND_SCORES = ["14", "18", "13", "9", "13", "9", "9", "5"]  # 90


def test_a_home_found_wanting_is_given_a_deadline_and_passes_its_reinspection(journey):
    page = journey.as_user("chengban")
    open_union_work(page, "职工之家验收")
    page.get_by_role("link", name="登记职工之家验收").click()
    expect(page.get_by_role("heading", name="登记职工之家验收")).to_be_visible()

    form = page.locator("main form")
    # The form scores the year's checklist: its eight items, each with its full marks.
    scores = form.locator('input[name^="score_"]')
    expect(scores).to_have_count(8)
    expect(form.get_by_text("1. 组织健全")).to_contain_text("（满分15分）")
    union = form.get_by_label("受检基层工会")
    union.select_option(index=1)
    unit = union.locator("option:checked").inner_text().strip() + unique("第") + "车间"  # a workshop's home
    form.get_by_label("受检单位").fill(unit)
    checked_on = date.fromisoformat(today())
    reinspect_by = checked_on + timedelta(days=30)
    form.get_by_label("验收日期").fill(checked_on.isoformat())
    form.get_by_label("验收人员").fill("周检查、吴评审")
    form.get_by_label("验收结果").select_option(label="限期整改")
    form.get_by_label("复查日期").fill(reinspect_by.isoformat())
    for number, score in enumerate(FIRST_SCORES, start=1):
        form.locator(f'[name="score_{number}"]').fill(score)
    form.get_by_role("button", name="保存").click()
    expect_message(page, "已登记职工之家验收")

    def shown(label: str):
        return page.locator("main dt", has_text=label).locator("+ dd")

    expect(page.locator("h1")).to_have_text(f"{unit} · 验收")
    expect(shown("总分")).to_have_text("74")
    expect(shown("最终结果")).to_have_text(f"限期整改（复查日期 {reinspect_by.isoformat()}）")

    # The re-inspection, on the same checklist: passed.
    page.get_by_role("link", name="登记复查").click()
    expect(page.get_by_role("heading", name=f"复查：{unit}")).to_be_visible()
    form = page.locator("main form")
    expect(form.get_by_label("复查日期", exact=False).first).to_have_value(checked_on.isoformat())
    form.get_by_label("验收人员").fill("周检查")
    form.get_by_label("复查结果").select_option(label="合格")
    for number, score in enumerate(SECOND_SCORES, start=1):
        form.locator(f'[name="score_{number}"]').fill(score)
    form.get_by_role("button", name="保存").click()
    expect_message(page, "复查已登记。")
    expect(shown("最终结果")).to_have_text("合格")
    reinspections = page.locator(".xf-card", has=page.get_by_role("heading", name="复查", exact=True))
    expect(reinspections).to_contain_text(f"{checked_on.isoformat()} · 周检查 · 90分 · 合格")
