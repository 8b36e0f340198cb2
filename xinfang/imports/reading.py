"""Reading an uploaded workbook: its header row matched to the kind's columns, then its rows, cell by cell, in
batches. openpyxl in read-only mode streams the sheet, so a long file is never held whole in memory."""

from __future__ import annotations

import io
import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from .cells import CellProblem, as_text, read_cell
from .registry import ImportKind
from .rows import ImportContext, Problems, Row

logger = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 5  # the header row is one of the first rows (an export has a title row above it)
# What the import templates say in their document properties (workbooks.template_xlsx): in such a file, the row
# below the headers is the example, left out while it is unchanged. In any other file every row is data.
TEMPLATE_MARK = "xinfang-import-template"
UNREADABLE = "无法读取该文件：请上传 Excel 工作簿（.xlsx 格式；旧的 .xls 请先在 Excel 中另存为 .xlsx）。"


class FileRefused(Exception):
    """The file as a whole cannot be read (not a workbook, no header row): a problem of the whole file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _header(value: Any) -> str:
    """A header as typed: surrounding blanks and a required mark (``单位名称*``) left out."""
    return as_text(value).rstrip("*＊").strip()


@dataclass
class Sheet:
    kind: ImportKind
    header_row: int
    fields: list[str | None]  # the field of each column of the sheet, None for a blank header
    rows: Iterator[tuple[Any, ...]]
    estimated_rows: int | None  # from the sheet's stated dimensions: for the progress bar only
    from_template: bool  # one of our templates: its first data row may still be the example

    def read(
        self, ctx: ImportContext, problems: Problems, *, max_rows: int, batch: int
    ) -> Iterator[list[Row]]:
        """The data rows in batches, each cell read as its column's type; unreadable cells and empty required
        ones become problems. Blank rows and a template's untouched example row are left out."""
        columns = {c.field: c for c in self.kind.columns}
        example = {c.field: c.example for c in self.kind.columns}
        present = [f for f in self.fields if f]
        pending: list[Row] = []
        count = 0
        for number, values in enumerate(self.rows, start=self.header_row + 1):
            cells = {f: values[i] if i < len(values) else None for i, f in enumerate(self.fields) if f}
            texts = {f: as_text(v) for f, v in cells.items()}
            if not any(texts.values()):
                continue
            if (
                self.from_template
                and number == self.header_row + 1
                and all(texts[f] == example[f] for f in present)
            ):
                continue  # the template's example row, left as it was
            count += 1
            if count > max_rows:
                problems.add_to_file(f"文件超过{max_rows}行的导入上限，请分成几个文件导入。", row=number)
                return
            row = Row(number=number, values={}, cells={f: texts.get(f, "") for f in columns})
            for field, column in columns.items():
                raw = cells.get(field)
                try:
                    row.values[field] = read_cell(column, raw, ctx)
                except CellProblem as problem:
                    row.values[field] = None
                    problems.add(row, field, problem.message)
                    continue
                if column.required and row.values[field] is None:
                    problems.add(row, field, "此项为必填项。")
            pending.append(row)
            if len(pending) >= batch:
                yield pending
                pending = []
        if pending:
            yield pending


def open_sheet(content: bytes, kind: ImportKind, problems: Problems) -> Sheet | None:
    """The first sheet of the workbook with its header row found and matched; None (and problems of the file)
    when it cannot be read or its headers do not fit the kind."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        head = [next(rows, ()) for _ in range(HEADER_SEARCH_ROWS)]
        estimated = sheet.max_row
        from_template = (book.properties.keywords or "").startswith(TEMPLATE_MARK)
    except Exception:  # openpyxl raises many kinds on a file that is no workbook
        logger.info("an uploaded file could not be read as a workbook", exc_info=True)
        problems.add_to_file(UNREADABLE)
        return None
    known = {c.header: c for c in kind.columns}
    scores = [sum(_header(v) in known for v in row) for row in head]
    best = max(range(len(head)), key=lambda i: scores[i])
    if scores[best] == 0:
        problems.add_to_file(f"未找到表头：第一行应为“{kind.title}”导入模板的列名（请下载模板填写）。")
        return None
    header_row = best + 1
    fields: list[str | None] = []
    seen: set[str] = set()
    for value in head[best]:
        header = _header(value)
        if not header:
            fields.append(None)
        elif header not in known:
            problems.add_to_file("无法识别的列名，请使用模板中的列名。", column=header, row=header_row)
            fields.append(None)
        elif header in seen:
            problems.add_to_file("列名重复。", column=header, row=header_row)
            fields.append(None)
        else:
            seen.add(header)
            fields.append(known[header].field)
    for column in kind.columns:
        if column.required and column.header not in seen:
            problems.add_to_file("缺少必填列。", column=column.header, row=header_row)
    if problems:
        return None
    remaining = itertools.chain(head[best + 1 :], rows)
    estimate = estimated - header_row if isinstance(estimated, int) and estimated > header_row else None
    return Sheet(kind, header_row, fields, remaining, estimate, from_template)
