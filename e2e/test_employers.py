"""The employer of a registration: found by keyboard from what was pasted or composed, and a new name close to a
registered employer is asked about before anything is saved."""

from __future__ import annotations

from journeys import expect_message
from playwright.sync_api import expect

from xinfang.lib.employernames import name_key


def test_a_close_employer_name_is_asked_about_and_the_registered_one_picked_by_keyboard(journey):
    page = journey.as_user("dengji")
    page.goto("/petitions/new/")
    employer = page.locator("#id_employer_name")
    options = page.locator("#employer-options [data-employer-id]")

    # Text that arrives as input only (pasted, or the end of an input method's composition): no key goes up.
    employer.fill("深圳市")
    expect(options.first).to_be_visible()
    registered = options.first.get_attribute("data-employer-name") or ""
    core = name_key(registered)  # 深圳市万家东方服饰有限公司 → 万家东方服饰

    # The arrow keys and Enter pick a suggestion; the employer's id goes with the form.
    employer.fill("")
    expect(options).to_have_count(0)
    employer.fill(core)
    expect(options.filter(has_text=registered)).to_be_visible()
    employer.press("ArrowDown")
    expect(options.first).to_have_class("list-group-item list-group-item-action py-1 small active")
    employer.press("Enter")
    expect(page.locator("#employer-options")).to_contain_text("已选择登记在册的单位")
    expect(page.locator("#id_employer")).not_to_have_value("")

    # The clerk types a variant of the name instead and saves: asked, nothing saved.
    employer.fill(f"{core}股份有限公司")
    expect(page.locator("#id_employer")).to_have_value("")
    page.locator('[name="p-0-name"]').fill("钱七")
    page.locator('[name="p-0-phone"]').fill("13700137000")
    page.locator("#id_category").select_option(label="拖欠工资")
    page.locator("#id_request").fill("要求支付拖欠的工资")
    page.locator("#id_facts").fill("公司拖欠两个月工资。")
    page.locator("#id_reasons").fill("用人单位应当按时足额支付劳动报酬。")
    page.get_by_role("button", name="保存登记").click()
    expect(page.get_by_text("被反映单位：已登记名称相近的单位：")).to_be_visible()
    expect(page.get_by_label("确认新建用人单位（上列均不是本单位）")).not_to_be_checked()

    # The registered employer is offered: picked by keyboard, the petition is filed under it.
    offered = options.filter(has_text=registered)
    expect(offered).to_be_visible()
    employer.focus()
    for _ in range(options.count()):
        employer.press("ArrowDown")
        if "active" in (offered.get_attribute("class") or ""):
            break
    employer.press("Enter")
    expect(page.locator("#id_employer_name")).to_have_value(registered)
    page.get_by_role("button", name="保存登记").click()
    expect_message(page, "已登记，信访编号")
    expect(page.get_by_role("link", name=registered)).to_be_visible()
