"""Importing mediation cases (docs/imports.md, "mediations"): a good file, a bad file, the same file twice, an
organisation outside the scope, numbers kept (and their clashes), and the export that imports again."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.models import ImportJob
from xinfang.imports.registry import import_kind
from xinfang.imports.tests.conftest import problems_of, xlsx
from xinfang.lib.idnumber import make_id_number
from xinfang.mediations.models import Mediation, MediationClock, MediationEvent, MediationWorker, Status

HEADERS = [c.header for c in import_kind("mediations").columns]  # type: ignore[union-attr]
ID = make_id_number("440303", date(1985, 3, 4), 11)


def row(**cells) -> list:
    values = {
        "收到申请日期": "2025-05-06",
        "调解组织": "区总工会劳动争议调解委员会",
        "用人单位": "深圳市鸿运电子有限公司",
        "争议类型": "劳动报酬、工伤医疗费、经济补偿或者赔偿金",
        "申请人": "张三",
        "申请调解事项和理由": "请求支付拖欠的工资",
    } | cells
    return [values.get(h, "") for h in HEADERS]


def run(by, content: bytes) -> ImportJob:
    job = upload_import(by=by, kind="mediations", file_name="m.xlsx", content=content)
    job.refresh_from_db()
    if job.status == "ready":
        job = confirm_import(job=job, by=by)
    return job


def test_a_good_file_is_registered_through_the_action(registrar, committee):
    job = run(
        registrar,
        xlsx(
            HEADERS,
            [
                row(),
                row(
                    **{
                        "申请人": "李四",
                        "身份证号": ID,
                        "联系电话": "13812345678",
                        "其他申请人": "王五\n赵六/",
                        "涉及人数": 5,
                        "涉及金额（元）": "12,000.50元",
                        "责任组织": committee.name,
                        "受理日期": "2025-05-08",
                        "申请方式": "口头申请（当场记录）",
                    }
                ),
            ],  # fmt: skip
        ),
    )
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增调解案件2件；0件已在册，未改动。"
    case = Mediation.objects.get(worker_names__startswith="李四")
    workers = list(case.workers.order_by("order").values_list("name", "id_number", "phone"))
    assert workers == [("李四", ID, "13812345678"), ("王五", "", ""), ("赵六", "", "")]
    assert (case.org, case.people_count, case.amount_claimed, case.status, case.application_form) == (
        committee, 5, Decimal("12000.50"), Status.MEDIATING, "oral",
    )  # fmt: skip
    assert case.registered_by == registrar and case.received_on == date(2025, 5, 6)
    first = Mediation.objects.get(worker_names="张三")
    assert first.employer_id == case.employer_id  # one employer, added once
    assert first.number != case.number


def test_a_bad_file_saves_nothing_and_names_every_problem(registrar):
    job = run(
        registrar,
        xlsx(
            HEADERS,
            [
                row(),
                row(**{"调解组织": "居委会", "申请调解事项和理由": ""}),
                row(**{"身份证号": "123", "涉及人数": 0, "申请人": "钱七"}),
                row(**{"调解组织": "企业劳动争议调解委员会", "申请人": "孙八", "涉及金额（元）": "-5"}),
                row(),
                row(**{"申请人": "周九", "用人单位信用代码": "91440300ABCDEFGHIJ"}),
                row(**{"申请人": "吴十", "其他申请人": "甲\n乙", "涉及人数": 2, "受理日期": "2025-05-01"}),
            ],
        ),
    )
    assert job.status == "refused"
    assert not Mediation.objects.exists()
    found = {(r, c) for r, c, _, _ in problems_of(job)}
    assert {
        (3, "调解组织"),
        (3, "申请调解事项和理由"),
        (4, "身份证号"),
        (6, "申请人"),
        (7, "用人单位信用代码"),
        (8, "涉及人数"),
        (8, "受理日期"),
    } <= found
    assert {(4, "涉及人数"), (5, "调解委员会名称"), (5, "涉及金额（元）")} <= found
    assert all(r > 0 and c for r, c in found), found  # every problem has its row and its column


def test_the_same_file_twice_adds_nothing(registrar):
    content = xlsx(HEADERS, [row(), row(**{"申请人": "李四", "身份证号": ID})])
    assert run(registrar, content).status == "committed"
    again = run(registrar, content)
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增调解案件0件；2件已在册，未改动。"
    assert Mediation.objects.count() == 2


def test_an_organisation_outside_the_scope_is_a_row_problem(committee_registrar, other_committee):
    job = run(committee_registrar, xlsx(HEADERS, [row(**{"责任组织": other_committee.name})]))
    assert [(r, c) for r, c, _, _ in problems_of(job)] == [(2, "责任组织")]
    assert not Mediation.objects.exists()


def test_a_case_outside_the_scope_is_not_matched(registrar, committee_registrar):
    """The natural key is looked up among the cases the importing user may see: a case of another scope with
    the same key neither blocks the row nor is told to him."""
    assert run(registrar, xlsx(HEADERS, [row()])).status == "committed"
    job = run(committee_registrar, xlsx(HEADERS, [row()]))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增调解案件1件；0件已在册，未改动。"


def test_export_imports_again(registrar):
    content = xlsx(HEADERS, [row(), row(**{"申请人": "李四", "其他申请人": "王五", "涉及金额（元）": "800"})])
    assert run(registrar, content).status == "committed"
    client = Client()
    client.force_login(registrar)
    response = client.get("/imports/mediations/export.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 4  # title, headers, two rows
    again = run(registrar, response.content)
    assert again.summary == "新增调解案件0件；2件已在册，未改动。", problems_of(again)
    fields = ("received_on", "body", "dispute_type", "amount_claimed", "people_count", "worker_names", "claims",
              "employer__name", "org_id")  # fmt: skip
    before = sorted(Mediation.objects.values_list(*fields), key=str)
    numbers = sorted(Mediation.objects.values_list("number", flat=True))
    for model in (MediationWorker, MediationEvent, MediationClock, Mediation):
        model.objects.all().delete()
    job = run(registrar, response.content)
    assert job.status == "committed", problems_of(job)
    assert sorted(Mediation.objects.values_list(*fields), key=str) == before
    assert sorted(Mediation.objects.values_list("number", flat=True)) == numbers  # kept, not renumbered


def test_a_number_in_the_file_is_kept_and_the_next_one_follows_it(registrar, federation):
    content = xlsx(HEADERS, [row(**{"案件编号": "测工调〔2025〕12"}), row(**{"申请人": "李四"})])
    job = run(registrar, content)
    assert job.status == "committed", problems_of(job)
    kept = Mediation.objects.get(worker_names="张三")
    assert (kept.number, kept.year, kept.seq) == ("测工调〔2025〕0012", 2025, 12)
    assert (
        Mediation.objects.get(worker_names="李四").number == "测工调〔2025〕0013"
    )  # the counter moved past it
    again = run(registrar, content)
    assert again.summary == "新增调解案件0件；2件已在册，未改动。", problems_of(again)
    assert Mediation.objects.count() == 2


def test_a_number_that_is_taken_or_not_ours_is_a_problem_in_its_column(registrar, committee_registrar):
    assert run(registrar, xlsx(HEADERS, [row(**{"案件编号": "测工调〔2025〕0007"})])).status == "committed"
    job = run(
        committee_registrar,  # does not see the registrar's case: its number is taken all the same
        xlsx(
            HEADERS,
            [
                row(**{"案件编号": "测工调〔2025〕7", "申请人": "李四"}),
                row(**{"案件编号": "罗工调〔2025〕0001", "申请人": "王五"}),
                row(**{"案件编号": "测工调〔2025〕0008", "申请人": "赵六"}),
                row(**{"案件编号": "测工调〔2025〕8", "申请人": "钱七"}),
                row(**{"案件编号": "2025-1", "申请人": "孙八"}),
            ],
        ),
    )
    assert job.status == "refused"
    messages = {(r, c): m for r, c, m, _ in problems_of(job)}
    assert messages[2, "案件编号"] == "该案件编号已被使用。"
    assert messages[3, "案件编号"] == "案件编号的前缀应为“测工调”。"
    assert messages[5, "案件编号"] == "与第4行的案件编号相同。"
    assert "格式" in messages[6, "案件编号"]
    assert (4, "案件编号") not in messages
    assert Mediation.objects.count() == 1


def test_a_number_taken_earlier_in_the_same_import_is_refused_by_the_action(registrar):
    """The first row takes the year's next number; the second keeps that same number: the action refuses it in
    案件编号 on the commit, and nothing is saved."""
    job = run(registrar, xlsx(HEADERS, [row(), row(**{"案件编号": "测工调〔2025〕0001", "申请人": "李四"})]))
    assert job.status == "refused"
    assert [(r, c, m) for r, c, m, _ in problems_of(job)] == [(3, "案件编号", "该案件编号已被使用。")]
    assert not Mediation.objects.exists()
