"""A grassroots union founded with its approval (工会组建): it covers an employer, a second coverage of that
employer is refused, and a batch of new members is enrolled."""

from __future__ import annotations

from journeys import expect_message, open_union_work, today, unique
from playwright.sync_api import expect


def test_a_union_is_founded_with_approval_covers_an_employer_once_and_enrols_members(journey):
    page = journey.as_user("chengban")

    # An employer without a union, as the directory of employers shows it.
    page.goto("/employers/")
    without_union = page.locator("main table tbody tr").filter(
        has=page.locator("td:last-child", has_text="否")
    )
    expect(without_union.first).to_be_visible()
    employer = without_union.first.locator("td").first.inner_text().strip()

    open_union_work(page, "工会组建")
    expect(page.get_by_role("heading", name="工会组建与会员发展")).to_be_visible()
    page.get_by_role("link", name="登记基层工会").click()
    expect(page.get_by_role("heading", name="登记基层工会")).to_be_visible()
    name = unique("东湖街道电子商务联合工会")
    form = page.locator("main form")
    form.get_by_label("来源").select_option(label="新建")
    form.get_by_label("工会名称").fill(name)
    form.get_by_label("工会类型").select_option(label="联合基层工会")
    form.get_by_label("建会日期").fill(today())
    form.get_by_label("所属工委会").select_option(label="东湖街道工委会")
    form.get_by_label("批准机关").select_option(label="东湖街道工委会")
    form.get_by_label("批复文号").fill("东湖工委〔2026〕18号")
    form.get_by_label("批准日期").fill(today())
    form.get_by_label("工会主席").fill("林建华")
    form.get_by_label("职工人数").fill("120")
    form.get_by_label("会员人数").fill("80")
    form.get_by_role("button", name="保存").click()
    expect_message(page, f"已登记“{name}”。")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("dd", has_text="东湖工委〔2026〕18号")).to_contain_text("东湖街道工委会")

    # It covers the employer.
    cover = page.locator("form", has=page.get_by_role("heading", name="新增覆盖单位"))
    cover.get_by_label("用人单位").fill(employer)
    cover.get_by_label("覆盖起始日期").fill(today())
    cover.get_by_label("本单位职工人数").fill("60")
    cover.get_by_label("本单位会员人数").fill("40")
    cover.get_by_role("button", name="保存").click()
    expect_message(page, f"已覆盖{employer}。")
    covered = page.locator(".xf-card", has=page.get_by_role("heading", name="覆盖单位"))
    expect(covered.locator("tbody tr", has_text=employer)).to_contain_text("至今")

    # The same employer a second time: refused, the employer is covered by one union at a time.
    cover = page.locator("form", has=page.get_by_role("heading", name="新增覆盖单位"))
    cover.get_by_label("用人单位").fill(employer)
    cover.get_by_label("覆盖起始日期").fill(today())
    cover.get_by_role("button", name="保存").click()
    expect_message(page, f"用人单位“{employer}”自")
    expect_message(page, f"已由“{name}”覆盖，同一时间只能由一个基层工会覆盖")
    expect(covered.locator("tbody tr", has_text=employer)).to_have_count(1)

    # A batch of new members.
    batch = page.locator("form", has=page.get_by_role("heading", name="登记会员发展或转出"))
    batch.get_by_label("类别").select_option(label="发展会员")
    batch.get_by_label("日期").fill(today())
    batch.locator('[name="count"]').fill("12")
    batch.get_by_label("其中农民工").fill("7")
    batch.get_by_label("其中女职工").fill("5")
    batch.get_by_role("button", name="保存").click()
    expect_message(page, "已登记。")
    batches = page.locator(".xf-card", has=page.get_by_role("heading", name="会员发展与转出"))
    expect(batches.locator("tbody tr").first).to_have_text(f"{today()}发展会员1275")
