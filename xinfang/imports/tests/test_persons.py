"""Importing the person register: ID-number checks, the natural key, 10,000 rows with a bounded number of queries,
and an import that tells nothing of who is already on file (docs/scope.md)."""

import time
from datetime import date

from xinfang.imports import running
from xinfang.imports.models import ImportJob
from xinfang.lib.idnumber import make_id_number
from xinfang.orgs.models import Employer
from xinfang.people.models import Person
from xinfang.people.registry import find_or_create_person

from .conftest import problems_of, xlsx

HEADERS = ["姓名", "身份证号", "联系电话", "性别", "住址", "工作单位", "登记组织"]


def number(i: int) -> str:
    return make_id_number("440303", date(1970, 1, 1).replace(year=1970 + i % 40), i % 1000)


def test_a_good_file_is_committed(committee_registrar, committee, employer, run_import):
    rows = [
        ["李四", number(1), "13800001111", "", "东湖路2号", employer.name, ""],
        ["王五", number(2).lower(), "", "女", "", employer.credit_code, committee.name],
    ]
    job = run_import(committee_registrar, "persons", xlsx(HEADERS, rows))
    assert job.status == "committed", problems_of(job)
    assert job.summary == "人员信息共2行；身份证号已在册的人员不重复登记。"
    li = Person.objects.get(name="李四")
    assert (li.id_number, li.phone, li.gender, li.employer, li.org) == (
        number(1),
        "13800001111",
        "M" if int(number(1)[16]) % 2 else "F",
        employer,
        committee,
    )
    assert Person.objects.get(name="王五").id_number == number(2).upper()


def test_a_bad_file_saves_nothing_and_names_every_problem(committee_registrar, other_committee, run_import):
    bad_check = number(3)[:17] + ("0" if number(3)[17] != "0" else "1")
    rows = [
        ["李四", number(1), "", "", "", "", ""],
        ["", bad_check, "12345678", "未知", "", "没有这家单位", other_committee.name],
        ["赵六", number(1), "", "", "", "", ""],
        ["钱七", 440303198501011234, "", "", "", "", ""],  # typed as a number: Excel lost its last digits
    ]
    job = run_import(committee_registrar, "persons", xlsx(HEADERS, rows))
    assert job.status == "refused"
    assert not Person.objects.exists()
    assert [(row, column) for row, column, _, _ in problems_of(job)] == [
        (3, "姓名"),
        (3, "身份证号"),
        (3, "联系电话"),
        (3, "性别"),
        (3, "工作单位"),
        (3, "登记组织"),
        (4, "身份证号"),
        (5, "身份证号"),
    ]
    messages = {(row, column): message for row, column, message, _ in problems_of(job)}
    assert messages[3, "身份证号"] == "身份证号校验位错误，请核对后重新输入。"
    assert messages[3, "工作单位"] == "未找到该用人单位：请先导入用人单位，或填写其统一社会信用代码。"
    assert messages[3, "登记组织"] == "未找到该组织，或该组织不在您的管辖范围内。"
    assert messages[4, "身份证号"] == "与第2行的身份证号重复。"
    assert messages[5, "身份证号"].startswith("数字过长")


def test_the_same_file_twice_adds_nothing(committee_registrar, run_import):
    content = xlsx(
        HEADERS, [["李四", number(1), "", "", "", "", ""], ["王五", number(2), "", "", "", "", ""]]
    )
    run_import(committee_registrar, "persons", content)
    again = run_import(committee_registrar, "persons", content)
    assert again.status == "committed"
    assert Person.objects.count() == 2


def test_a_person_registered_elsewhere_is_neither_told_nor_changed(
    committee_registrar, other_committee, committee, run_import
):
    """清水河 registered 王秘密; 东湖 imports the same ID number with other data: the import goes through as for a
    new number, says the same, and the stored person keeps what 清水河 typed."""
    secret = find_or_create_person(
        name="王秘密", id_number=number(7), phone="13912345678", org=other_committee
    )
    rows = [["李四", number(7), "13700002222", "女", "东湖路9号", "", ""]]
    on_file = run_import(committee_registrar, "persons", xlsx(HEADERS, rows))
    new = run_import(committee_registrar, "persons", xlsx(HEADERS, [["李五", number(8), "", "", "", "", ""]]))
    assert on_file.status == new.status == "committed"
    assert on_file.summary == new.summary  # the same words for both
    assert list(on_file.problems.all()) == []
    secret.refresh_from_db()
    assert (secret.name, secret.phone, secret.address, secret.org) == (
        "王秘密",
        "13912345678",
        "",
        other_committee,
    )
    assert not Person.objects.visible_to(committee_registrar).filter(pk=secret.pk).exists()


def test_a_person_of_the_same_organisation_gets_only_its_blanks_filled(
    committee_registrar, committee, run_import
):
    person = find_or_create_person(name="李四", id_number=number(1), org=committee)
    rows = [["李小四", number(1), "13700002222", "", "东湖路9号", "", ""]]
    run_import(committee_registrar, "persons", xlsx(HEADERS, rows))
    person.refresh_from_db()
    assert (person.name, person.phone, person.address) == ("李四", "13700002222", "东湖路9号")


def test_without_an_organisation_every_row_must_name_one(committee):
    """An operator's import (the command without --user or --org) has no default organisation."""
    rows = [["李四", number(1), "", "", "", "", ""], ["王五", number(2), "", "", "", "", committee.name]]
    content = xlsx(HEADERS, rows)
    job = ImportJob.objects.create(kind="persons", user=None, org=None, file_name="p.xlsx", content=content)
    job = running.run_check(job.pk)
    assert problems_of(job) == [(2, "登记组织", "请填写登记组织（或导入时指定组织）。", "")]


def test_ten_thousand_rows_in_a_bounded_number_of_queries(
    committee_registrar, committee, employer, run_import, django_assert_max_num_queries
):
    """The database checks run once per batch of 500 rows, not once per row: about ten queries a batch (SQLite
    splits a bulk insert of 500 persons into five), where a query per row would be 10,000 at least. The time is
    in docs/imports.md."""
    rows = [
        [f"职工{i}", make_id_number("440303", date(1960 + i % 40, 1 + i % 12, 1 + i % 28), i % 1000)]
        + [f"138{i:08d}", "", "", employer.name, ""]
        for i in range(10_000)
    ]
    content = xlsx(HEADERS, rows)
    started = time.monotonic()
    with django_assert_max_num_queries(300):
        job = run_import(committee_registrar, "persons", content)
    elapsed = time.monotonic() - started
    assert job.status == "committed", problems_of(job)[:5]
    assert Person.objects.count() == 10_000
    assert Person.objects.filter(employer=employer).count() == 10_000
    print(f"10,000 persons: check and commit in {elapsed:.1f} s")
    assert Employer.objects.count() == 1
