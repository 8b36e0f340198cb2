"""Importing people from Excel: a file with one bad row is previewed with that row's problem and saves nothing;
the corrected file is checked and committed. The check and the commit run in the background worker."""

from __future__ import annotations

from journeys import id_number, upload_import
from openpyxl import Workbook
from playwright.sync_api import expect

HEADERS = ["姓名", "身份证号", "联系电话", "性别", "住址", "工作单位", "登记组织"]


def _workbook(path, rows) -> str:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_a_file_with_a_bad_row_saves_nothing_and_the_corrected_one_is_committed(journey, tmp_path):
    first, second = id_number(), id_number()
    wrong = second[:17] + ("1" if second[17] != "1" else "2")  # a typo in the check character
    page = journey.as_user("dengji")
    page.get_by_role("link", name="用人单位").click()
    page.get_by_role("link", name="数据导入").click()  # the registers link the import page
    expect(page.get_by_role("heading", name="数据导入")).to_be_visible()

    bad = _workbook(
        tmp_path / "人员.xlsx", [["黎秀英", first, "13800138000"], ["陈志强", wrong, "13900139000"]]
    )
    upload_import(page, kind="人员", path=bad)
    status = page.locator("#job-status")
    expect(status).to_contain_text("有错误，未导入")
    expect(status).to_contain_text("文件中有 1 个问题，未导入任何数据")
    problem = status.locator("tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("第 3 行")
    expect(problem).to_contain_text("身份证号")
    expect(problem).to_contain_text(wrong)
    expect(status.get_by_role("button", name="确认导入")).to_have_count(0)
    # Nothing saved: not even the good first row.
    assert page.request.get("/api/v1/persons", params={"q": first}).json() == []

    good = _workbook(
        tmp_path / "人员（改正）.xlsx", [["黎秀英", first, "13800138000"], ["陈志强", second, "13900139000"]]
    )
    upload_import(page, kind="人员", path=good)
    expect(status).to_contain_text("检查通过：共2行，可以导入。")
    status.get_by_role("button", name="确认导入").click()
    expect(status).to_contain_text("已导入", timeout=30_000)
    expect(status.get_by_role("status")).to_contain_text("人员信息共2行")
    found = page.request.get("/api/v1/persons", params={"q": first}).json()
    assert [p["name"] for p in found] == ["黎秀英"]
    page.get_by_role("link", name="返回数据导入").click()
    jobs = page.locator("tbody tr", has_text="人员（改正）.xlsx")
    expect(jobs.first).to_contain_text("已导入")
