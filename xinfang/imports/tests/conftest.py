"""Workbooks built in the test, and the import's actions as a user takes them."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.models import ImportJob
from xinfang.imports.registry import import_kind


def xlsx(headers: Sequence[str], rows: Sequence[Sequence], *, title_row: str | None = None) -> bytes:
    """A workbook whose first sheet has the headers (below a title row, as an export has) and the rows."""
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append([title_row])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def headers_of(kind: str) -> list[str]:
    found = import_kind(kind)
    assert found is not None
    return [c.header for c in found.columns]


@pytest.fixture
def run_import():
    """Upload a file as ``by`` and, if its check passes and ``commit`` holds, commit it (tasks run at once)."""

    def run(by, kind: str, content: bytes, *, commit: bool = True, org=None) -> ImportJob:
        job = upload_import(by=by, kind=kind, file_name=f"{kind}.xlsx", content=content, org=org)
        job.refresh_from_db()
        if commit and job.status == "ready":
            job = confirm_import(job=job, by=by)
        return job

    return run


def problems_of(job: ImportJob) -> list[tuple[int, str, str, str]]:
    return list(job.problems.order_by("pk").values_list("row", "column", "message", "value"))
