"""Importing the employer register: a good file, a bad one (nothing saved, every problem by row and column), the
same file twice, an organisation outside the importer's scope, and the export that imports again."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from xinfang.audit.models import AccessAction, AccessLog
from xinfang.lib.creditcode import make_credit_code
from xinfang.orgs.models import Employer

from .conftest import headers_of, problems_of, xlsx

CODE = make_credit_code("91440303MA5DD0001")
HEADERS = [
    "单位名称",
    "统一社会信用代码",
    "所属行业",
    "经济类型",
    "地址",
    "所属工委会",
    "职工人数",
    "已建工会",
]


def good_rows(committee):
    return [
        ["深圳市甲电子有限公司", CODE, "制造业", "私营", "东湖路1号", committee.name, 120, "是"],
        ["深圳市乙餐饮店", "", "住宿和餐饮业", "个体工商户", "", "", None, "否"],
    ]


def test_a_good_file_is_committed(registrar, committee, run_import):
    job = run_import(registrar, "employers", xlsx(HEADERS, good_rows(committee)))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增用人单位2家；0家已在册，未改动。"
    first = Employer.objects.get(credit_code=CODE)
    assert (first.name, first.industry, first.ownership, first.org, first.employees, first.has_union) == (
        "深圳市甲电子有限公司",
        "C",
        "private",
        committee,
        120,
        True,
    )
    second = Employer.objects.get(name="深圳市乙餐饮店")
    assert (second.credit_code, second.org, second.employees, second.has_union) == ("", None, None, False)


def test_a_bad_file_saves_nothing_and_names_every_problem(registrar, committee, run_import):
    rows = [
        *good_rows(committee),
        ["", "91440303MA5DD00019", "制造", "私营", "", "不存在的工委会", "很多", "也许"],
        ["深圳市丙公司", CODE, "", "", "", "", -3, ""],
    ]
    job = run_import(registrar, "employers", xlsx(HEADERS, rows))
    assert job.status == "refused"
    assert Employer.objects.count() == 0
    found = problems_of(job)
    assert [(row, column) for row, column, _, _ in found] == [
        (4, "单位名称"),
        (4, "统一社会信用代码"),
        (4, "所属行业"),
        (4, "所属工委会"),
        (4, "职工人数"),
        (4, "已建工会"),
        (5, "统一社会信用代码"),
        (5, "职工人数"),
    ]
    messages = {(row, column): (message, value) for row, column, message, value in found}
    assert messages[4, "单位名称"] == ("此项为必填项。", "")
    assert messages[4, "统一社会信用代码"] == (
        "统一社会信用代码校验位错误，请核对后重新输入。",
        "91440303MA5DD00019",
    )
    assert messages[4, "所属工委会"] == ("未找到该组织，或该组织不在您的管辖范围内。", "不存在的工委会")
    assert messages[4, "职工人数"] == ("应为整数。", "很多")
    assert messages[5, "统一社会信用代码"] == ("与第2行的统一社会信用代码重复。", CODE)
    assert messages[5, "职工人数"][0] == "职工人数不能小于0。"


def test_the_same_file_twice_adds_nothing(registrar, committee, run_import):
    content = xlsx(HEADERS, good_rows(committee))
    run_import(registrar, "employers", content)
    again = run_import(registrar, "employers", content)
    assert again.status == "committed"
    assert again.summary == "新增用人单位0家；2家已在册，未改动。"
    assert Employer.objects.count() == 2


def test_an_employer_on_file_without_a_code_is_found_by_its_name(registrar, committee, run_import):
    Employer.objects.create(name="深圳市甲电子有限公司")
    job = run_import(registrar, "employers", xlsx(HEADERS, good_rows(committee)[:1]))
    assert job.summary == "新增用人单位0家；1家已在册，未改动。"
    assert Employer.objects.count() == 1


def test_a_committee_user_names_no_committee_outside_its_subtree(
    committee_registrar, other_committee, run_import
):
    rows = [["深圳市丁公司", "", "", "", "", other_committee.name, None, ""]]
    job = run_import(committee_registrar, "employers", xlsx(HEADERS, rows))
    assert job.status == "refused"
    assert problems_of(job) == [
        (2, "所属工委会", "未找到该组织，或该组织不在您的管辖范围内。", other_committee.name)
    ]
    assert not Employer.objects.exists()


def test_a_committee_users_employers_are_filed_under_its_committee(
    committee_registrar, committee, run_import
):
    job = run_import(committee_registrar, "employers", xlsx(["单位名称"], [["深圳市戊公司"]]))
    assert job.status == "committed"
    assert Employer.objects.get().org == committee


def test_the_export_has_the_import_columns_and_imports_again(client, registrar, committee, run_import):
    run_import(registrar, "employers", xlsx(HEADERS, good_rows(committee)))
    client.force_login(registrar)
    response = client.get(reverse("imports:export", args=["employers"]), {"q": "深圳市"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1] == headers_of("employers")
    assert rows[2] == ["深圳市乙餐饮店", None, "住宿和餐饮业", "个体工商户", None, None, None, "否"]
    assert rows[3][:3] == ["深圳市甲电子有限公司", CODE, "制造业"]
    assert AccessLog.objects.filter(
        user=registrar, action=AccessAction.EXPORT, object_type="employer"
    ).exists()

    Employer.objects.all().delete()  # another installation: the export imports into it as it was
    job = run_import(registrar, "employers", response.content)
    assert job.status == "committed", problems_of(job)
    assert job.summary == "新增用人单位2家；0家已在册，未改动。"
    first = Employer.objects.get(credit_code=CODE)
    assert (first.org, first.employees, first.has_union, first.address) == (committee, 120, True, "东湖路1号")
