"""Importing unions and member batches: a good file, a bad one (nothing saved, problems by row and column), the
same file twice."""

from datetime import date
from typing import Any

import pytest

from xinfang.imports.tests.conftest import headers_of, problems_of, run_import, xlsx  # noqa: F401
from xinfang.unions.models import Coverage, GrassrootsUnion, MemberBatch, Origin

pytestmark = pytest.mark.django_db


def union_rows(committee, employer):
    row = dict.fromkeys(headers_of("unions"), None)
    first = row | {
        "工会名称": "鸿寅电子有限公司工会",
        "工会类型": "单独基层工会",
        "建会日期": date(2026, 3, 18),
        "所属工委会": committee.name,
        "批准机关": committee.name,
        "批复文号": "东工委〔2026〕12号",
        "批准日期": date(2026, 3, 18),
        "职工人数": 120,
        "会员人数": 96,
        "覆盖单位": employer.credit_code,
    }
    second = row | {
        "工会名称": "改制公司工会",
        "工会类型": "单独基层工会",
        "来源": "组织关系转入",
        "建会日期": date(2001, 5, 1),
        "转入日期": date(2026, 6, 1),
        "转出单位": "市国资委工会",
        "所属工委会": committee.name,
    }
    return [list(first.values()), list(second.values())]  # fmt: skip


def test_unions_good_then_twice(registrar, committee, employer, run_import):  # noqa: F811
    content = xlsx(headers_of("unions"), union_rows(committee, employer))
    job = run_import(registrar, "unions", content)
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新建基层工会1家，组织关系转入1家；0家已在册，未改动。"
    union = GrassrootsUnion.objects.get(name="鸿寅电子有限公司工会")
    assert (union.org, union.approved_by, union.members) == (committee, committee, 96)
    assert Coverage.objects.get().union == union
    assert GrassrootsUnion.objects.get(name="改制公司工会").origin == Origin.TRANSFERRED_IN
    again = run_import(registrar, "unions", content)
    assert again.status == "committed" and again.summary.endswith("2家已在册，未改动。")
    assert GrassrootsUnion.objects.count() == 2 and Coverage.objects.count() == 1


def test_unions_bad_file_saves_nothing(registrar, committee, employer, run_import):  # noqa: F811
    rows = union_rows(committee, employer)
    headers = headers_of("unions")
    bad = list(rows[0])
    bad[headers.index("工会名称")] = "另一工会"
    bad[headers.index("会员人数")] = 500  # more than the 120 workers
    transferred = list(rows[1])
    transferred[headers.index("转入日期")] = None
    job = run_import(registrar, "unions", xlsx(headers, [rows[0], bad, transferred, rows[0]]))
    assert job.status == "refused"
    assert not GrassrootsUnion.objects.exists() and not Coverage.objects.exists()
    found = {(row, column) for row, column, _, _ in problems_of(job)}
    assert (3, "会员人数") in found and (4, "转入日期") in found and (5, "工会名称") in found


def test_batches_good_bad_twice(registrar, committee, make_union, run_import):  # noqa: F811
    make_union()
    headers = headers_of("member_batches")
    good: list[list[Any]] = [["鸿寅电子有限公司工会", "发展会员", date(2026, 6, 10), 35, 20, 12, None],
            ["鸿寅电子有限公司工会", "会员转出", date(2026, 6, 10), 2, 0, 1, "外区单位"]]  # fmt: skip
    bad = [*good, ["不存在的工会", "发展会员", date(2026, 6, 10), 3, 0, 0, None],
           ["鸿寅电子有限公司工会", "发展会员", date(2026, 7, 1), 3, 4, 0, None]]  # fmt: skip
    refused = run_import(registrar, "member_batches", xlsx(headers, bad))
    assert refused.status == "refused" and not MemberBatch.objects.exists()
    found = {(row, column) for row, column, _, _ in problems_of(refused)}
    assert (4, "工会名称") in found and (5, "其中农民工") in found
    job = run_import(registrar, "member_batches", xlsx(headers, good))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增批次2条；0条已在册，未改动。"
    again = run_import(registrar, "member_batches", xlsx(headers, good))
    assert again.summary == "新增批次0条；2条已在册，未改动。" and MemberBatch.objects.count() == 2


def test_batches_of_unions_outside_scope_are_refused(outsider, make_union, run_import):  # noqa: F811
    make_union()
    headers = headers_of("member_batches")
    job = run_import(
        outsider,
        "member_batches",
        xlsx(headers, [["鸿寅电子有限公司工会", "发展会员", date(2026, 6, 10), 3, 0, 0, None]]),
    )
    assert job.status == "refused" and not MemberBatch.objects.exists()
