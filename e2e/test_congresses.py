"""A workers' congress recorded in the congress ledger (职代会): more representatives present than elected is
refused on its field, the corrected congress is saved."""

from __future__ import annotations

from datetime import date

from journeys import expect_message, field_error, open_union_work, today, unique
from playwright.sync_api import expect


def test_a_congress_with_more_present_than_elected_is_refused_on_its_field_then_recorded(journey):
    page = journey.as_user("chengban")
    open_union_work(page, "职代会")
    expect(page.get_by_role("heading", name="职代会台账")).to_be_visible()
    page.get_by_role("link", name="登记职代会").click()
    expect(page.get_by_role("heading", name="登记职代会")).to_be_visible()

    union = unique("深圳市恒通精密电子有限公司工会")
    term_start = date.fromisoformat(today()).replace(month=1, day=1)
    form = page.locator("main form")
    form.get_by_label("召开工会").fill(union)
    form.get_by_label("类型").select_option(label="企业职代会")
    form.get_by_label("召开日期").fill(today())
    form.get_by_label("届次").fill("3")
    form.get_by_label("本届起始").fill(term_start.isoformat())
    form.get_by_label("本届届满").fill(term_start.replace(year=term_start.year + 5).isoformat())
    form.get_by_label("代表总数").fill("60")
    form.get_by_label("实到代表").fill("62")  # two more than were elected: a typing slip
    form.get_by_label("审议通过事项").fill("审议通过《工资集体协商方案》\n选举职工董事")
    form.get_by_role("button", name="保存").click()

    form = page.locator("main form")
    expect(field_error(form, "present")).to_have_text("实到代表不能多于代表总数。")
    expect(form.get_by_label("召开工会")).to_have_value(union)  # what was typed is kept

    form.get_by_label("实到代表").fill("52")
    form.get_by_role("button", name="保存").click()
    expect_message(page, "已登记职代会。")
    expect(page.locator("h1")).to_have_text(f"职代会：{union} 第3届 {today()}")

    def shown(label: str):
        return page.locator("main dt", has_text=label).locator("+ dd")

    expect(shown("类型")).to_have_text("企业职代会")
    expect(shown("代表总数")).to_have_text("60")
    expect(shown("实到代表")).to_have_text("52")
