"""Honours (职工之家荣誉) from Excel and back, through the kit's import kind (docs/imports.md, "honours"): a good
file, a bad file (nothing saved, every problem in its column), the same file twice, a union outside the scope, the
template and the export of the filtered list that imports again."""

from __future__ import annotations

import io
import json

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from xinfang.homes.models import Honour
from xinfang.imports.tests.conftest import headers_of, problems_of, xlsx
from xinfang.orgs.models import Org, OrgKind

HEADERS = ["获评单位", "称号类别", "级别", "授予机关", "年度", "基层工会", "用人单位", "登记组织"]


def row(**cells) -> list:
    values = {"称号类别": "模范职工之家", "级别": "市级", "授予机关": "深圳市总工会", "年度": 2025} | cells
    return [values.get(h, "") for h in HEADERS]


def test_good_file_then_the_same_file_again(committee_registrar, committee, unions, employer, run_import):
    assert headers_of("honours") == HEADERS
    rows = [
        row(**{"获评单位": unions[0].name, "基层工会": unions[0].name}),
        row(
            **{
                "获评单位": "一车间",
                "称号类别": "模范职工小家",
                "用人单位": employer.credit_code,
                "年度": 2024,
            }
        ),
    ]
    job = run_import(committee_registrar, "honours", xlsx(HEADERS, rows))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增职工之家荣誉2条；0条已在册，未改动。"
    home = Honour.objects.get(union=unions[0])
    assert (home.kind, home.level, home.year, home.org) == ("home", "municipal", 2025, committee)
    small = Honour.objects.get(employer=employer)
    assert (small.unit_name, small.kind, small.registered_by) == ("一车间", "small_home", committee_registrar)
    again = run_import(committee_registrar, "honours", xlsx(HEADERS, rows))
    assert again.status == "committed", problems_of(again)
    assert again.summary == "新增职工之家荣誉0条；2条已在册，未改动。"
    assert Honour.objects.count() == 2


def test_a_bad_file_saves_nothing_and_names_every_column(committee_registrar, unions, run_import):
    rows = [
        row(**{"获评单位": unions[0].name, "基层工会": unions[0].name}),  # good
        row(**{"获评单位": "某单位"}),  # neither union nor employer
        row(**{"获评单位": "另一单位", "用人单位": "没有这家单位"}),
        row(**{"获评单位": unions[1].name, "基层工会": unions[1].name, "年度": 2999}),
        row(**{"获评单位": unions[2].name, "基层工会": unions[2].name, "级别": "乡级"}),
        row(**{"获评单位": unions[0].name, "基层工会": unions[0].name}),  # the first row again
    ]
    job = run_import(committee_registrar, "honours", xlsx(HEADERS, rows))
    assert job.status == "refused"
    found = {(r, c): m for r, c, m, _ in problems_of(job)}
    assert found[3, "基层工会"] == "请选择基层工会或用人单位。"
    assert "名录中没有该单位" in found[4, "用人单位"]
    assert (5, "年度") in found
    assert (6, "级别") in found
    assert "与第2行重复" in found[7, ""]
    assert not Honour.objects.exists()


def test_a_union_outside_the_scope_is_a_problem_of_its_row(
    committee_registrar, other_committee, unions, run_import
):
    elsewhere = Org.objects.create(name="清水河某公司工会", kind=OrgKind.GRASSROOTS, parent=other_committee)
    job = run_import(
        committee_registrar,
        "honours",
        xlsx(HEADERS, [row(**{"获评单位": "某公司", "基层工会": elsewhere.name})]),
    )
    assert job.status == "refused"
    assert {(r, c) for r, c, _, _ in problems_of(job)} == {(2, "基层工会")}
    job = run_import(
        committee_registrar,
        "honours",
        xlsx(
            HEADERS,
            [
                row(
                    **{
                        "获评单位": unions[0].name,
                        "基层工会": unions[0].name,
                        "登记组织": other_committee.name,
                    }
                )
            ],
        ),
    )
    assert {(r, c) for r, c, _, _ in problems_of(job)} == {(2, "登记组织")}
    assert not Honour.objects.exists()


def test_the_template_and_the_filtered_export_import_again(
    registrar, committee_registrar, outsider, unions, employer, run_import, tmp_path
):
    out = io.StringIO()
    call_command("import_template", "honours", "--spec", stdout=out)
    spec = json.loads(out.getvalue())
    assert [c["header"] for c in spec["columns"]] == HEADERS and "年度" in spec["natural_key"]
    call_command("import_template", "honours", str(tmp_path / "honours.xlsx"), stdout=io.StringIO())
    assert [c.value for c in load_workbook(tmp_path / "honours.xlsx").active[1]][: len(HEADERS)] == HEADERS
    rows = [
        row(**{"获评单位": unions[0].name, "基层工会": unions[0].name}),
        row(
            **{
                "获评单位": unions[1].name,
                "基层工会": unions[1].name,
                "级别": "省级",
                "授予机关": "广东省总工会",
            }
        ),
        row(**{"获评单位": "一车间", "称号类别": "模范职工小家", "用人单位": employer.name, "年度": 2024}),
    ]
    assert run_import(committee_registrar, "honours", xlsx(HEADERS, rows)).status == "committed"
    client = Client()
    client.force_login(committee_registrar)
    page = client.get(reverse("homes_pages:honours"), {"level": "municipal"}).content.decode()
    assert f"<td>{unions[0].name}</td>" in page and f"<td>{unions[1].name}</td>" not in page
    assert reverse("imports:export", args=["honours"]) + "?level=municipal" in page
    export = client.get(reverse("imports:export", args=["honours"]), {"level": "municipal"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    header_at = next(i for i, r in enumerate(cells) if r[: len(HEADERS)] == HEADERS)
    assert [r[0] for r in cells[header_at + 1 :]] == ["一车间", unions[0].name]  # the filtered list, by year
    assert cells[header_at + 1][6] == employer.name
    again = run_import(committee_registrar, "honours", export.content)
    assert again.summary == "新增职工之家荣誉0条；2条已在册，未改动。", problems_of(again)
    outside = Client()
    outside.force_login(outsider)  # another committee: its export lists none of them
    other = load_workbook(io.BytesIO(outside.get(reverse("imports:export", args=["honours"])).content)).active
    assert not any(unions[0].name == c.value for r in other.iter_rows() for c in r)
