"""Importing petitions from Excel: a file with one bad row is previewed with that row's problem and saves nothing;
the corrected file is checked and committed, and the petitions are on the list, which exports them again."""

from __future__ import annotations

from journeys import id_number, upload_import
from openpyxl import Workbook
from playwright.sync_api import expect

HEADERS = ["收到时间", "渠道", "信访类型", "诉求类别", "信访人", "身份证号", "联系电话", "信访请求", "事实", "理由",
           "处理意见", "答复日期"]  # fmt: skip


def _workbook(path, rows) -> str:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def _row(name: str, number: str, **changes) -> list:
    values = {
        "收到时间": "2024-03-01 09:30", "渠道": "来访", "信访类型": "申诉求决类", "诉求类别": "劳动报酬／拖欠工资",
        "信访人": name, "身份证号": number, "联系电话": "13800138000", "信访请求": "要求支付拖欠工资。",
        "事实": "单位拖欠三个月工资。", "理由": "依法应按月足额支付。", "处理意见": "支持", "答复日期": "2024-04-15",
    } | changes  # fmt: skip
    return [values[h] for h in HEADERS]


def test_a_petitions_file_with_a_bad_row_saves_nothing_and_the_corrected_one_is_committed(journey, tmp_path):
    first, second = id_number(), id_number()
    page = journey.as_user("dengji")
    bad = _workbook(
        tmp_path / "信访件.xlsx",
        [
            _row("历史甲", first),
            _row("历史乙", second, 答复日期="2024-02-01"),
        ],  # replied before it was received
    )
    upload_import(page, kind="信访件", path=bad)
    status = page.locator("#job-status")
    expect(status).to_contain_text("有错误，未导入", timeout=90_000)
    problem = status.locator("tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("第 3 行")
    expect(problem).to_contain_text("答复日期")
    expect(status.get_by_role("button", name="确认导入")).to_have_count(0)
    assert page.request.get("/api/v1/petitions", params={"q": "历史甲"}).json()["items"] == []

    good = _workbook(tmp_path / "信访件（改正）.xlsx", [_row("历史甲", first), _row("历史乙", second)])
    upload_import(page, kind="信访件", path=good)
    expect(status).to_contain_text("检查通过：共2行，可以导入。", timeout=90_000)
    status.get_by_role("button", name="确认导入").click()
    expect(status).to_contain_text("已导入", timeout=90_000)
    expect(status.get_by_role("status")).to_contain_text("新增信访件2件（其中历史办结件2件）")
    page.goto("/petitions/?q=历史甲")
    expect(page.locator("#petition-table tbody tr")).to_have_count(1)
    expect(page.locator("#petition-table tbody tr")).to_contain_text("已办结")
    expect(page.get_by_role("link", name="导出 Excel")).to_have_attribute(
        "href", "/imports/petitions/export.xlsx?q=%E5%8E%86%E5%8F%B2%E7%94%B2"
    )
