"""Excel exports: plain rows in, .xlsx bytes out (openpyxl, write-only, so long lists stay in little memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
# A text that starts with one of these is a formula (or DDE) to Excel and LibreOffice when typed or imported
# (OWASP "CSV injection"); every text cell is written as a string and these also carry the quote prefix, so that
# editing the cell keeps it text. The cell shows the text unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def table_xlsx(
    title: str, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] = ()
) -> bytes:
    """One sheet: a title row, a header row, then the rows. Decimal stays exact (written as a number with two
    decimals, never through float arithmetic of ours); dates are real dates; None is an empty cell; every text is
    text, never a formula (see FORMULA_STARTS)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    heading = _text(sheet, title)
    heading.font = Font(bold=True, size=14)
    sheet.append([heading])
    header_cells = []
    for text in headers:
        cell = _text(sheet, text)
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
    if isinstance(value, str):
        return _text(sheet, value)
    return value  # numbers stay numbers, None an empty cell


def _text(sheet, text: str) -> Cell:
    """A cell that is text whatever it starts with: never a formula (openpyxl makes any "=..." string one). Control
    characters that XML cannot hold are dropped, so that no stored text can break an export."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
