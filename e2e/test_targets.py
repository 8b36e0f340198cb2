"""The year's targets (年度任务): the district federation sets a committee's targets in the target table (a value
that is not a whole number is refused, naming the committee and the indicator), and the committee sees them in
its own completion table."""

from __future__ import annotations

import re

from journeys import expect_message, open_union_work, today
from playwright.sync_api import expect

COMMITTEE = "东湖街道工委会"  # donghu's committee
DONE = re.compile(r"完成任务的\d+\.\d%|超额完成\d+多?倍")


def test_a_committees_targets_are_set_by_the_federation_and_seen_by_the_committee(journey):
    year = today()[:4]
    head = journey.as_user("fuze")
    open_union_work(head, "年度任务")
    expect(head.get_by_role("heading", name=f"{year}年度任务完成情况")).to_be_visible()
    head.get_by_role("link", name="下达任务数").click()
    expect(head.get_by_role("heading", name=f"下达{year}年度任务数")).to_be_visible()

    table = head.locator("main form", has=head.get_by_role("button", name="保存", exact=True))
    table.get_by_label(f"{COMMITTEE}工会组建任务数").fill("3")
    table.get_by_label(f"{COMMITTEE}发展会员任务数").fill("六十")
    table.get_by_label(f"{COMMITTEE}签订集体合同任务数").fill("4")
    table.get_by_label(f"{COMMITTEE}验收合格任务数").fill("120")
    table.get_by_role("button", name="保存", exact=True).click()
    expect_message(head, f"{COMMITTEE}的发展会员应为0至")
    expect_message(head, "之间的整数（现为“六十”）。")
    # What was typed stays in the table, to be corrected.
    expect(table.get_by_label(f"{COMMITTEE}工会组建任务数")).to_have_value("3")
    table.get_by_label(f"{COMMITTEE}发展会员任务数").fill("60")
    table.get_by_role("button", name="保存", exact=True).click()
    expect_message(head, "已保存，")
    expect(table.get_by_label(f"{COMMITTEE}发展会员任务数")).to_have_value("60")

    # The committee's own table: its targets, what it has done and how far that goes.
    committee = journey.as_user("donghu")
    open_union_work(committee, "年度任务")
    expect(committee.get_by_role("heading", name=f"{year}年度任务完成情况")).to_be_visible()
    total = committee.locator("main table tfoot tr")
    cells = total.locator("td")
    expect(cells.first).to_have_text("合计")
    expect(cells.nth(1)).to_have_text("3")  # 工会组建: target, done, how far
    expect(cells.nth(4)).to_have_text("60")  # 发展会员
    expect(cells.nth(7)).to_have_text("4")  # 签订集体合同
    expect(cells.nth(10)).to_have_text("120")  # 验收合格
    for column in (3, 6, 9, 12):
        expect(cells.nth(column)).to_have_text(DONE)
