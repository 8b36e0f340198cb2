"""Delegate seats apportioned among the delegations (代表名额分配): a minimum for each, the rest by the largest
remainder; the table is downloaded for the congress papers as Excel and Word."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from journeys import download, expect_message, open_union_work, today, unique
from playwright.sync_api import expect

# 20 seats, 2 for each of the 4 delegations, 12 by members (3,000): shares 4.8, 3.2, 2.4, 1.6; the integer parts
# give 10, the two seats left go to the largest remainders (.8 and .6).
DELEGATIONS = [
    ("东湖街道工委会代表团", 1200, "4.8", 7),
    ("清水河街道工委会代表团", 800, "3.2", 5),
    ("黄贝街道工委会代表团", 600, "2.4", 4),
    ("区直机关工会代表团", 400, "1.6", 4),
]


def test_seats_are_apportioned_by_largest_remainder_and_the_table_downloaded(journey):
    page = journey.as_user("fuze")
    open_union_work(page, "代表名额分配")
    expect(page.get_by_role("heading", name="代表名额分配")).to_be_visible()

    congress = unique("罗湖区工会第8次代表大会（预备）")
    form = page.locator("main form")
    form.get_by_label("会议名称").fill(congress)
    form.get_by_label("代表名额总数").fill("20")
    form.get_by_label("每团保底名额").fill("2")
    form.get_by_label("分配日期").fill(today())
    form.get_by_label("代表团及会员人数").fill(
        "\n".join(f"{name} {members}" for name, members, _, _ in DELEGATIONS)
    )
    form.get_by_role("button", name="计算并保存").click()
    expect_message(page, "代表名额已分配并保存。")
    expect(page.get_by_role("heading", name=f"{congress}代表名额分配表")).to_be_visible()

    rows = page.locator("main table tbody tr")
    for number, (name, members, share, seats) in enumerate(DELEGATIONS, start=1):
        row = rows.filter(has=page.locator("td", has_text=name))
        expect(row.locator("td")).to_have_text([str(number), name, str(members), "2", share, str(seats), ""])
    expect(page.locator("main table")).to_contain_text("3000")
    expect(page.locator("main")).to_contain_text("代表名额共 20 名，4 个代表团")

    # The same table, as Excel and as Word.
    sheet = openpyxl.load_workbook(
        io.BytesIO(download(page, page.get_by_role("link", name="下载 Excel").click))
    ).active
    assert sheet is not None
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    for name, members, _, seats in DELEGATIONS:
        row = next(r for r in cells if name in r)
        assert members in row and seats in row, row
    docx = download(page, page.get_by_role("link", name="下载 Word").click)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        text = z.read("word/document.xml").decode()
    assert congress in text and "区直机关工会代表团" in text
