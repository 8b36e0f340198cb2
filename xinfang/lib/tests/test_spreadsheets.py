import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from xinfang.lib.spreadsheets import table_xlsx


def test_rows_come_back_with_exact_amounts_and_real_dates():
    content = table_xlsx(
        "调解案件", ["编号", "日期", "金额"], [["罗工调〔2026〕0001", date(2026, 10, 8), Decimal("20209.20")]]
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "调解案件" and rows[1] == ("编号", "日期", "金额")
    number, on, amount = rows[2]
    assert number == "罗工调〔2026〕0001" and on.date() == date(2026, 10, 8)
    assert Decimal(str(amount)) == Decimal("20209.2")
