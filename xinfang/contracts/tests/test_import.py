"""Importing collective contracts: a good file (registered by the ledger's own action: numbered, filed, clocks
started), a bad one (nothing saved, every problem by row and column, the vote rule named), the same file twice
(nothing added), and the export of the list, which imports again."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from xinfang.contracts.models import Contract, Status
from xinfang.imports.tests.conftest import headers_of, problems_of, xlsx

HEADERS = headers_of("contracts")


def row(**cells):
    values = {
        "合同类型": "区域性",
        "合同种类": "综合性集体合同",
        "用人单位方": "东湖街道企业联合会",
        "职工方（工会）": "东湖街道总工会",
        "覆盖企业数": 120,
        "其中个体工商户数": 35,
        "覆盖职工人数": 3500,
        "职代会审议日期": "2026-03-10",
        "职工代表总数": 60,
        "出席代表人数": 52,
        "赞成票数": 49,
        "签订日期": "2026-03-15",
        "报送日期": "2026-03-20",
        "期限起始日": "2026-04-01",
        "期限终止日": "2029-03-31",
        "责任组织": "东湖街道工委会",
    } | cells
    return [values.get(h) for h in HEADERS]


def good_rows(committee):
    return [
        row(责任组织=committee.name),
        row(
            合同类型="行业性",
            合同种类="工资专项集体合同",
            行业="建筑业",
            用人单位方="区建筑业协会",
            报送日期=None,
        ),
    ]


def test_a_good_file_is_committed_through_the_registration_action(handler, committee, run_import):
    job = run_import(handler, "contracts", xlsx(HEADERS, good_rows(committee)))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增集体合同2条；0条已在册，未改动。"
    filed = Contract.objects.get(employer_side="东湖街道企业联合会")
    assert (filed.org, filed.status, str(filed.filed_on)) == (committee, Status.FILED, "2026-03-20")
    assert filed.clocks.count() == 2 and filed.number.startswith("测工集合〔2026〕")
    signed = Contract.objects.get(employer_side="区建筑业协会")
    assert (signed.contract_type, signed.kind, signed.industry, signed.status) == (
        "industry",
        "wage",
        "E",
        Status.SIGNED,
    )


def test_the_same_file_twice_adds_nothing(handler, committee, run_import):
    content = xlsx(HEADERS, good_rows(committee))
    assert run_import(handler, "contracts", content).status == "committed"
    again = run_import(handler, "contracts", content)
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增集体合同0条；2条已在册，未改动。"
    assert Contract.objects.count() == 2


def test_a_bad_file_saves_nothing_and_names_every_problem(handler, committee, run_import):
    rows = [
        *good_rows(committee),
        row(出席代表人数=39, 赞成票数=35, 用人单位方="甲"),  # short of two thirds of 60
        row(赞成票数=30, 用人单位方="乙"),  # half of all is not more than half
        row(期限终止日="2030-03-31", 用人单位方="丙"),  # 4 years
        row(合同类型="单个用人单位", 用人单位方="丁"),  # a single contract covering 120 employers
        row(责任组织=committee.name),  # the first row again
    ]
    job = run_import(handler, "contracts", xlsx(HEADERS, rows))
    assert job.status == "refused"
    assert Contract.objects.count() == 0
    found = {(r, column): message for r, column, message, _ in problems_of(job)}
    assert found[4, "出席代表人数"].startswith("出席代表人数（39）不足职工代表总数（60）的三分之二")
    assert found[5, "赞成票数"].startswith("赞成票数（30）未超过职工代表总数（60）的半数")
    assert found[6, "期限终止日"].startswith("集体合同期限须为1至3年")
    assert found[7, "覆盖企业数"] == "单个用人单位的集体合同覆盖1家企业（现为120家）。"
    assert found[8, ""].startswith("与第2行重复（责任组织、签订日期、合同种类和用人单位方")


def test_the_export_is_in_the_template_columns_and_imports_again(handler, committee, run_import, client):
    assert run_import(handler, "contracts", xlsx(HEADERS, good_rows(committee))).status == "committed"
    client.force_login(handler)
    response = client.get(reverse("imports:export", args=["contracts"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == HEADERS[0])
    assert list(rows[header_at]) == HEADERS
    assert len(rows) - header_at - 1 == 2
    again = run_import(handler, "contracts", response.content)
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增集体合同0条；2条已在册，未改动。"


def test_only_who_may_record_contracts_may_import_them(leader):
    from xinfang.imports.registry import import_kind

    kind = import_kind("contracts")
    assert kind is not None and not kind.may_import(leader)
