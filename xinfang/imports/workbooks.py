"""The workbooks of a kind: its import template (headers, an example row, drop-down lists, a sheet that explains
every column) and its export (the same columns, so that an export imports again without loss). Plain data in,
.xlsx bytes out."""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from xinfang.lib.spreadsheets import FORMULA_STARTS, table_xlsx

from .reading import TEMPLATE_MARK
from .registry import TYPE_LABELS, ColumnType, ImportKind
from .rows import ImportContext

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "导入数据", "填写说明", "可选值"
LAST_ROW = 1048576  # Excel's last row: a drop-down list covers the whole column below the header
REQUIRED = Font(bold=True, color="C00000")
OPTIONAL = Font(bold=True)
EXAMPLE = Font(italic=True, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
SHOWN_ALLOWED = 30  # the explanation sheet lists at most this many allowed values of a column


def template_xlsx(kind: ImportKind, ctx: ImportContext) -> bytes:
    """The import template of ``kind`` for whoever ``ctx`` names (its drop-down lists hold his choices)."""
    book = Workbook()
    book.properties.title = f"{kind.title}导入模板"
    book.properties.keywords = f"{TEMPLATE_MARK} {kind.key}"  # so the reader knows row 2 is the example
    data = book.active
    assert data is not None
    data.title = DATA_SHEET
    lists = book.create_sheet(LISTS_SHEET)
    help_sheet = book.create_sheet(HELP_SHEET, index=1)
    list_column = 0
    for i, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(i)
        header = data.cell(row=1, column=i, value=column.header)
        header.font = REQUIRED if column.required else OPTIONAL
        header.fill = HEADER_FILL
        header.alignment = Alignment(horizontal="center")
        example = data.cell(row=2, column=i, value=column.example or None)
        example.font = EXAMPLE
        example.data_type = "s"
        data.column_dimensions[letter].width = column.width
        if column.type == ColumnType.TEXT:
            data.column_dimensions[letter].number_format = "@"  # ID numbers, codes, phones stay text
        allowed = column.allowed(ctx)
        if allowed:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.header).font = OPTIONAL
            for j, label in enumerate(allowed, start=2):
                lists.cell(row=j, column=list_column, value=label).data_type = "s"
            lists.column_dimensions[list_letter].width = max(column.width, 12)
            rule = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$2:${list_letter}${len(allowed) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="不是可选的值",
                error=f"请从下拉列表中选择{column.header}。",
            )
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
            data.add_data_validation(rule)
    data.freeze_panes = "A2"
    for sheet in (data, help_sheet):  # printed: landscape, as wide as the page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _explain(help_sheet, kind, ctx)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _explain(sheet, kind: ImportKind, ctx: ImportContext) -> None:
    lines = [
        f"{kind.title}导入模板：填写说明",
        f"在“{DATA_SHEET}”表中每行填写一条记录；第1行为列名，请勿改动。红色列名为必填列。",
        "第2行为示例，导入前请改写或删除（在本模板中未改动的示例行不会导入）。",
        f"识别方法：{kind.natural_key}",
        "导入前先检查全部行：任何一行有错误，整个文件都不会导入，请按提示改正后重新上传。",
        "",
    ]
    for i, line in enumerate(lines, start=1):
        sheet.append([line])
        sheet.merge_cells(
            start_row=i, start_column=1, end_row=i, end_column=5
        )  # read whole, on screen and paper
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["列名", "必填", "填写方式", "可选值", "说明"])
    for cell in sheet[sheet.max_row]:
        cell.font = OPTIONAL
        cell.fill = HEADER_FILL
    for column in kind.columns:
        allowed = column.allowed(ctx) or []
        shown = "；".join(allowed[:SHOWN_ALLOWED])
        if len(allowed) > SHOWN_ALLOWED:
            shown += f"……（共{len(allowed)}项，见“{LISTS_SHEET}”表）"
        sheet.append(
            [column.header, "是" if column.required else "", TYPE_LABELS[column.type], shown, column.help]
        )
    widths = (18, 6, 26, 50, 70)
    for letter, width in zip("ABCDE", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=len(lines) + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
        # Wrapped lines need their height stated (a spreadsheet does not grow a row it reads): a Chinese
        # character is about two width units.
        lines_needed = max(-(-len(str(c.value or "")) * 2 // w) for c, w in zip(row, widths, strict=False))
        sheet.row_dimensions[row[0].row].height = 15 * max(1, lines_needed)


def export_xlsx(kind: ImportKind, records: Iterable) -> bytes:
    """The records with the kind's columns, header for header: what an import of ``kind`` reads back."""
    rows = ([column.value_of(record) for column in kind.columns] for record in records)
    return table_xlsx(
        f"{kind.title}名录",
        [c.header for c in kind.columns],
        rows,
        widths=[c.width for c in kind.columns],
    )
