"""At the desk (issue 11): a visitor leaves with a receipt that gives the petition number and how to follow it up;
the intake form shows each field only with its decision, and a transfer goes to another body, picked by typing."""

from __future__ import annotations

import re

from journeys import Petitioner, expect_message, pick, register_petition, status_badge
from playwright.sync_api import expect


def test_a_visitor_gets_a_receipt_with_the_number_and_how_to_follow_it_up(journey):
    page = journey.as_user("dengji")
    number = register_petition(page, petitioners=[Petitioner("邓秀英")])
    page.get_by_role("link", name="打印回执").click()
    paper = page.locator("article")
    expect(paper.get_by_role("heading", name="信访事项登记回执")).to_be_visible()
    expect(paper).to_contain_text(number)
    expect(paper).to_contain_text("邓秀英")
    expect(paper).to_contain_text("查询电话")
    expect(paper).to_contain_text("接待时间")
    # Printed, the paper is all there is: no menu, no buttons.
    page.emulate_media(media="print")
    expect(page.locator("nav.xf-nav")).to_be_hidden()
    expect(page.get_by_role("button", name="打印回执")).to_be_hidden()
    expect(paper).to_be_visible()
    # The browser finds the site's icon.
    icon = page.locator('link[rel="icon"]').first.get_attribute("href")
    assert icon and page.request.get(icon).ok


def test_a_transfer_goes_to_another_body_picked_by_typing(journey):
    registrar = journey.as_user("dengji")
    register_petition(registrar, petitioners=[Petitioner("柯海燕")])
    petition_url = registrar.url

    page = journey.as_user("chengban")
    page.goto(petition_url)
    intake = page.locator("form[data-intake-form]")
    # 受理 first: neither the 不予受理 reasons nor the bodies.
    expect(intake.locator('[name="reason_code"]')).to_be_hidden()
    expect(intake.get_by_text("转送机关", exact=True)).to_be_hidden()
    intake.locator('[name="decision"]').select_option(label="不予受理")
    expect(intake.locator('[name="reason_code"]')).to_be_visible()
    intake.locator('[name="decision"]').select_option(label="转送")
    expect(intake.locator('[name="reason_code"]')).to_be_hidden()
    expect(intake.get_by_text("转送机关", exact=True)).to_be_visible()
    # The federation itself is not offered; a department is, found by part of its name.
    control = intake.locator('select[name="transferred_to"] + .ts-wrapper')
    control.locator(".ts-control").click()
    page.keyboard.type("罗湖区总工会")
    expect(control.locator(".ts-dropdown")).to_contain_text("没有匹配的名称")
    page.keyboard.press("Escape")
    for _ in "罗湖区总工会":
        page.keyboard.press("Backspace")
    pick(intake, "transferred_to", "人力资源", "区人力资源和社会保障局")
    intake.locator('[name="reason"]').fill("属人社部门职责，转送依法处理。")
    intake.get_by_role("button", name="保存决定").click()
    expect_message(page, "已记录受理决定：转送。")
    expect(status_badge(page)).to_have_text("已转送")
    expect(page.locator(".timeline")).to_contain_text(re.compile("转送.*区人力资源和社会保障局"))
