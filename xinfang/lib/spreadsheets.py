"""Excel exports: plain rows in, .xlsx bytes out (openpyxl, write-only, so long lists stay in little memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

MONEY = "#,##0.00"


def table_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """One sheet: a title row, a header row, then the rows. Decimal stays exact (written as a number with two
    decimals, never through float arithmetic of ours); dates are real dates; None is an empty cell."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value):
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = MONEY
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
