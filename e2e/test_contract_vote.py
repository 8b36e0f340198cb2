"""A collective contract registered in the contract ledger (集体合同): a congress vote without two thirds of the
representatives present is refused (劳动合同法第五十一条), a valid vote is saved, and the page shows when the
contract is due for filing with the labour administration."""

from __future__ import annotations

import re
from datetime import date, timedelta

from journeys import expect_message, field_error, open_union_work, today, unique
from playwright.sync_api import expect


def test_a_contract_voted_without_two_thirds_present_is_refused_then_registered_with_its_filing_date(journey):
    page = journey.as_user("chengban")
    open_union_work(page, "集体合同")
    page.get_by_role("link", name="登记集体合同").click()
    expect(page.get_by_role("heading", name="登记集体合同")).to_be_visible()

    employer = unique("深圳市安达精密五金制品有限公司")
    signed = date.fromisoformat(today())
    form = page.locator("main form")
    form.get_by_label("合同类型").select_option(label="单个用人单位")
    form.get_by_label("合同种类").select_option(label="综合性集体合同")
    form.locator('[name="employer_side"]').fill(employer)
    form.get_by_label("职工方（工会）").fill(f"{employer}工会")
    form.get_by_label("用人单位方首席代表").fill("陈总经理")
    form.get_by_label("职工方首席代表").fill("黄主席")
    form.get_by_label("覆盖企业数").fill("1")
    form.get_by_label("覆盖职工人数").fill("320")
    form.get_by_label("职代会审议日期").fill(signed.isoformat())
    form.get_by_label("职工代表总数").fill("60")
    form.get_by_label("出席代表人数").fill("35")  # fewer than two thirds of 60
    form.get_by_label("赞成票数").fill("33")
    form.get_by_label("签订日期").fill(signed.isoformat())
    form.get_by_label("期限起始日").fill(signed.isoformat())
    form.get_by_label("期限终止日").fill((signed + timedelta(days=730)).isoformat())
    form.get_by_role("button", name="保存").click()

    form = page.locator("main form")
    expect(field_error(form, "representatives_present")).to_have_text(
        "出席代表人数（35）不足职工代表总数（60）的三分之二（至少40人），"
        "职代会审议集体合同草案无效（劳动合同法第五十一条）。"
    )
    expect(form.locator('[name="employer_side"]')).to_have_value(employer)

    # The minutes said 45 present, 41 for: a valid vote.
    form.get_by_label("出席代表人数").fill("45")
    form.get_by_label("赞成票数").fill("41")
    form.get_by_role("button", name="保存").click()
    expect_message(page, "已登记集体合同")
    expect(page.locator("h1")).to_contain_text("单个用人单位综合性集体合同")
    expect(page.locator("h1 + .badge")).to_have_text("已签订待报送")

    def shown(label: str):
        return page.locator("main dt", has_text=label).locator("+ dd")

    expect(shown("职代会审议")).to_have_text(f"{signed.isoformat()}：职工代表 60 名，出席 45 名，赞成 41 票")
    # The filing date: within the filing period after signing, the same as the period's clock says.
    signing = shown("签订日期").inner_text()
    due = re.fullmatch(rf"{signed.isoformat()}（应于 (\d{{4}}-\d{{2}}-\d{{2}}) 前报送审查）", signing)
    assert due, signing
    assert signed < date.fromisoformat(due.group(1)) <= signed + timedelta(days=31), signing
    clocks = page.locator(".xf-card", has=page.get_by_role("heading", name="期限"))
    expect(clocks).to_contain_text(f"期满日 {due.group(1)}")
