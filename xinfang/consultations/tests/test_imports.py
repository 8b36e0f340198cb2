"""Importing consultations (docs/imports.md, "consultations"): a good file, a bad file, the same file twice, an
organisation outside the scope, 10,000 rows, and the export that imports again."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from xinfang.audit.models import AccessLog
from xinfang.consultations.models import Consultation
from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.models import ImportJob
from xinfang.imports.registry import import_kind
from xinfang.imports.tests.conftest import problems_of, xlsx
from xinfang.lib.idnumber import make_id_number
from xinfang.people.models import Person

HEADERS = [c.header for c in import_kind("consultations").columns]  # type: ignore[union-attr]


def row(**cells) -> list:
    values = {
        "咨询时间": "2025-05-06 10:15",
        "方式": "来电",
        "咨询类别": "工资报酬",
        "咨询问题": "单位拖欠工资怎么办？",
        "解答要点": "可向劳动监察部门投诉。",
    } | cells
    return [values.get(h, "") for h in HEADERS]


def run(by, content: bytes) -> ImportJob:
    job = upload_import(by=by, kind="consultations", file_name="c.xlsx", content=content)
    job.refresh_from_db()
    if job.status == "ready":
        job = confirm_import(job=job, by=by)
    return job


def test_a_good_file_is_recorded_through_the_action(registrar, committee):
    number = make_id_number("440303", __import__("datetime").date(1980, 5, 5), 7)
    job = run(
        registrar,
        xlsx(
            HEADERS,
            [row(), row(**{"咨询人": "李四", "身份证号": number, "接待组织": committee.name, "人次": 3})],
        ),
    )
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增咨询记录2条；0条已在册，未改动。"
    second = Consultation.objects.get(person_name="李四")
    assert (second.org, second.people_count, second.answered_by, second.person and second.person.id_number) == (
        committee, 3, registrar, number,
    )  # fmt: skip
    assert Person.objects.count() == 1


def test_a_bad_file_saves_nothing_and_names_every_problem(registrar):
    job = run(
        registrar,
        xlsx(
            HEADERS,
            [
                row(),
                row(**{"方式": "飞鸽", "咨询问题": ""}),
                row(**{"身份证号": "123", "人次": 0, "咨询问题": "另一个问题"}),
                row(),
            ],
        ),
    )
    assert job.status == "refused"
    assert not Consultation.objects.exists()
    found = [(r, c) for r, c, _, _ in problems_of(job)]
    assert (3, "方式") in found and (3, "咨询问题") in found
    assert (4, "身份证号") in found and (4, "人次") in found
    assert (5, "咨询问题") in found  # the same consultation as row 2


def test_the_same_file_twice_adds_nothing(registrar):
    content = xlsx(HEADERS, [row(), row(**{"咨询时间": "2025-05-06 10:20"})])
    assert run(registrar, content).status == "committed"
    again = run(registrar, content)
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增咨询记录0条；2条已在册，未改动。"
    assert Consultation.objects.count() == 2


def test_an_organisation_outside_the_scope_is_a_row_problem(committee_registrar, other_committee):
    job = run(committee_registrar, xlsx(HEADERS, [row(**{"接待组织": other_committee.name})]))
    assert [(r, c) for r, c, _, _ in problems_of(job)] == [(2, "接待组织")]
    assert not Consultation.objects.exists()


def test_ten_thousand_rows(registrar):
    rows = [row(**{"咨询时间": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}",
                   "咨询问题": f"问题{i}"}) for i in range(10_000)]  # fmt: skip
    job = run(registrar, xlsx(HEADERS, rows))
    assert job.status == "committed", problems_of(job)[:3]
    assert Consultation.objects.count() == 10_000


def test_export_imports_again(registrar):
    assert run(
        registrar,
        xlsx(
            HEADERS,
            [row(), row(**{"咨询人": "王五", "方式": "来访", "人次": 2, "咨询问题": "工伤怎么认定？"})],
        ),
    ).status == ("committed")
    client = Client()
    client.force_login(registrar)
    response = client.get("/imports/consultations/export.xlsx")
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=registrar, action="export").exists()
    before = sorted(Consultation.objects.values_list("asked_at", "channel", "people_count", "person_name", "topic",
                                                     "question", "answer", "org_id"))  # fmt: skip
    Consultation.objects.all().delete()
    job = run(registrar, response.content)
    assert job.status == "committed", problems_of(job) + [response.content[:0]]
    after = sorted(Consultation.objects.values_list("asked_at", "channel", "people_count", "person_name", "topic",
                                                    "question", "answer", "org_id"))  # fmt: skip
    assert after == before
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 4  # title, headers, two rows
