"""The employers a collective contract covers, picked at the desk: several registered employers, found with the
employer picker of the registration forms (by mouse and by keyboard), one removed again, saved; the contract's page
links each to its employer's page, which lists the contract."""

from __future__ import annotations

from journeys import expect_message
from playwright.sync_api import expect


def test_the_employers_covered_are_picked_removed_and_saved(journey):
    page = journey.as_user("chengban")
    page.goto("/contracts/?contract_type=regional")
    page.locator("#ledger-table tbody a").first.click()
    number = page.locator("h1").inner_text().split()[0]
    page.get_by_role("link", name="修改").click()

    search = page.get_by_role("combobox", name="覆盖的用人单位（已登记的，可选多家）")
    options = page.locator("#id_employer_ids-options [data-employer-id]")
    chips = page.locator("#id_employer_ids-picked li")
    before = chips.count()

    # by mouse: the first suggestion becomes a chip, and the box is empty for the next name
    search.fill("深圳市")
    expect(options.first).to_be_visible()
    first = options.first.get_attribute("data-employer-name") or ""
    options.first.click()
    expect(chips).to_have_count(before + 1)
    expect(search).to_have_value("")
    # by keyboard: Enter picks the highlighted one and does not send the form
    search.fill("深圳市")
    expect(options.nth(1)).to_be_visible()
    search.press("ArrowDown")
    search.press("ArrowDown")
    second = page.locator("#id_employer_ids-options [data-employer-id].active").get_attribute(
        "data-employer-name"
    )
    assert second and second != first
    search.press("Enter")
    expect(chips).to_have_count(before + 2)
    expect(page.get_by_role("heading", name="修改集体合同")).to_be_visible()  # still the edit page
    # × removes a chip
    page.get_by_role("button", name=f"移除{first}").click()
    expect(chips).to_have_count(before + 1)

    page.get_by_role("button", name="保存").click()
    expect_message(page, "已保存对集体合同的修改。")
    shown = page.locator("#contract-employers")
    expect(shown.get_by_role("link", name=second)).to_be_visible()
    expect(shown.get_by_role("link", name=first)).to_have_count(0)
    shown.get_by_role("link", name=second).click()
    expect(page.get_by_role("link", name=number)).to_be_visible()  # the employer page's contracts section
