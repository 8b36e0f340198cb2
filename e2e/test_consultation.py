"""A legal consultation (法律政策咨询) that turns out to be a petition is converted with one click."""

from __future__ import annotations

from journeys import Petitioner, expect_message, register_petition
from playwright.sync_api import expect


def test_a_consultation_is_converted_to_a_petition(journey):
    page = journey.as_user("dengji")
    page.get_by_role("link", name="法律咨询").click()
    entry = page.locator("form", has=page.get_by_role("button", name="保存并录入下一条"))
    entry.locator('[name="person_name"]').fill("黎秀英")
    entry.locator('[name="question"]').fill("公司三个月没发工资，怎么办？")
    entry.locator('[name="answer"]').fill("可向劳动监察投诉，或由工会协调；已建议登记信访。")
    entry.get_by_role("button", name="保存并录入下一条").click()
    expect_message(page, "已保存，请录入下一条。")
    row = page.locator("tbody tr", has_text="公司三个月没发工资").first
    expect(row).to_contain_text("黎秀英")

    row.get_by_role("link", name="转信访").click()
    expect(page.get_by_text("由法律政策咨询转为信访件")).to_be_visible()
    expect(page.locator('[name="p-0-name"]')).to_have_value("黎秀英")
    register_petition(page, petitioners=[Petitioner("黎秀英")], opened=True)
    # The new petition says where it came from, with a link back to the consultation.
    expect(page.get_by_role("link", name="由法律政策咨询转来")).to_be_visible()

    # The register shows the consultation as turned into this petition.
    petition_url = page.url
    page.get_by_role("link", name="法律咨询").click()
    row = page.locator("tbody tr", has_text="公司三个月没发工资").first
    link = row.get_by_role("link", name="信访件")
    expect(link).to_be_visible()
    expect(row.get_by_role("link", name="转信访")).to_have_count(0)
    link.click()
    expect(page).to_have_url(petition_url)
