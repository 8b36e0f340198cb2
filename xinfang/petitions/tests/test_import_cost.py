"""What a petition import costs does not grow with the petitions on file (issue 12): every read of a batch is led
by the batch's own keys (ID numbers, names, references, numbers, petition ids), and the number of queries does not
grow with the rows of a batch. Timing belongs to ``bench/imports.py``; these pin the shape of the work."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinfang.imports.tests.conftest import problems_of, xlsx
from xinfang.petitions.models import Petition

from .test_imports import HEADERS, id_of, row, run

# A plan step that walks petitions by a key the batch does not pin down: the whole federation (a scope index with
# only its organisation), a category, or the table itself. Each grows with the petitions on file.
WALK = re.compile(r"USING (COVERING )?INDEX (petition_scope\d|petitions_petition_category\w*) \(org_level\d=\?\)$"
                  r"|USING (COVERING )?INDEX petitions_petition_category\w*|^SCAN petitions_petition(er)?\b"
                  r"|USING (COVERING )?INDEX petition_scope\d \(org_level\d=\? AND received_at[<>]")  # fmt: skip


def mixed(start: int, n: int, *, shift: int = 0) -> list[list]:
    """``n`` rows of distinct petitions (from ``start``): most with an ID number, every fifth without (matched by
    name), every seventh forwarded with a reference; a third concluded. ``shift`` moves the received dates (the
    same people on another day: a repeat, not the same petition)."""
    rows = []
    for i in range(start, start + n):
        received = date(2024, 1, 1) + timedelta(days=i % 300 + shift)
        cells = {"收到时间": f"{received} 09:30", "信访人": f"职工{i}", "联系电话": f"138{i:08d}",
                 "身份证号": "" if i % 5 == 0 else id_of(i + 20_000)}  # fmt: skip
        if i % 7 == 0:
            cells |= {
                "来源": "上级交办",
                "转送/交办机关": "市总工会",
                "转送/交办文号": f"深工交〔2024〕{i}{shift}号",
            }
        if i % 3 == 0:
            cells |= {"处理意见": "支持", "答复日期": str(received + timedelta(days=20))}
        rows.append(row(**cells))
    return rows


def plans(queries: CaptureQueriesContext) -> list[tuple[str, str]]:
    """Each SELECT captured with each step of its plan (SQLite's ``EXPLAIN QUERY PLAN``)."""
    out = []
    with connection.cursor() as cursor:
        for sql in {q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")}:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            out += [(sql, step[3]) for step in cursor.fetchall()]
    return out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plans are SQLite's")
def test_an_import_never_walks_the_petitions_on_file(registrar):
    first = run(registrar, xlsx(HEADERS, mixed(0, 40)))
    assert first.status == "committed", problems_of(first)
    year = timezone.localdate().year
    # Rows on file again (by ID number, by name, by reference), the same people on another matter day (repeats),
    # new people, and a kept number: every look-up of the natural key, the numbers and the repeats.
    again = (
        mixed(0, 20)
        + mixed(20, 20, shift=1)
        + mixed(40, 20)
        + [row(**{"信访编号": f"测工信〔{year}〕0900", "信访人": "赵六", "身份证号": id_of(6)})]
    )
    with CaptureQueriesContext(connection) as queries:
        job = run(registrar, xlsx(HEADERS, again))
    assert job.status == "committed", problems_of(job)
    assert job.summary.startswith("新增信访件41件"), job.summary
    assert Petition.objects.filter(repeat_of__isnull=False).exists()  # the repeat check found earlier matters
    walks = [(step, sql[:300]) for sql, step in plans(queries) if WALK.search(step)]
    assert walks == []


def test_the_queries_of_a_batch_do_not_grow_with_its_rows(registrar):
    counts = []  # the first import records the body named and the year's counter: left out
    for start, n in ((0, 10), (100, 20), (200, 60)):
        with CaptureQueriesContext(connection) as queries:
            job = run(registrar, xlsx(HEADERS, mixed(start, n)))
        assert job.status == "committed", problems_of(job)
        sqls = [q["sql"] for q in queries.captured_queries]
        # Inserts are multi-row, in chunks the database's limit on parameters sets (some 20 petitions a statement
        # on SQLite); every other statement runs once per batch.
        inserts = sum(1 for sql in sqls if sql.startswith("INSERT"))
        assert inserts <= 10 + n // 4, inserts
        counts.append(len(sqls) - inserts)
    assert Petition.objects.count() == 90
    assert counts[1] == counts[2], counts
