"""The commands: import_template (--list, --spec, the template file) and import_records (exit codes, --dry-run,
--org, --user)."""

import io
import json

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from openpyxl import load_workbook

from xinfang.imports.models import ImportJob
from xinfang.lib.creditcode import make_credit_code
from xinfang.orgs.models import Employer

from .conftest import headers_of, xlsx

GOOD = [["深圳市甲公司", "", "制造业"]]
BAD = [["深圳市甲公司", "", "制造"]]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_list_names_every_kind_one_a_line(db):
    out, _ = run("import_template", "--list")
    assert out.splitlines()[:3] == [
        "orgs 组织",
        "employers 用人单位",
        "persons 人员",
    ]  # then the ledgers' kinds
    assert "unions 基层工会" in out.splitlines()
    assert "petitions 信访件" in out.splitlines()


def test_the_spec_is_json_of_every_column(registrar, committee, other_committee):
    out, _ = run("import_template", "employers", "--spec")
    spec = json.loads(out)
    assert spec["kind"] == "employers"
    assert [c["header"] for c in spec["columns"]] == headers_of("employers")
    first = spec["columns"][0]
    assert set(first) >= {"header", "field", "type", "required", "allowed"}
    assert (first["header"], first["field"], first["type"], first["required"], first["allowed"]) == (
        "单位名称",
        "name",
        "text",
        True,
        None,
    )
    columns = {c["field"]: c for c in spec["columns"]}
    assert columns["industry"]["type"] == "choice" and "制造业" in columns["industry"]["allowed"]
    assert columns["has_union"]["allowed"] == ["是", "否"]
    assert columns["org"]["allowed"] == [committee.name, other_committee.name]  # every committee, unscoped


def test_the_spec_of_a_user_offers_the_organisations_in_his_scope(
    committee_registrar, committee, other_committee
):
    out, _ = run("import_template", "employers", "--spec", "--user", "committee_registrar")
    columns = {c["field"]: c for c in json.loads(out)["columns"]}
    assert columns["org"]["allowed"] == [committee.name]


def test_the_template_has_headers_an_example_lists_and_an_explanation(tmp_path, committee):
    path = tmp_path / "employers.xlsx"
    out, _ = run("import_template", "employers", str(path))
    assert "已写出用人单位导入模板" in out
    book = load_workbook(path)
    data, explained, lists = book["导入数据"], book["填写说明"], book["可选值"]
    assert [c.value for c in data[1]] == headers_of("employers")
    assert data["A1"].font.color.rgb.endswith("C00000")  # required: red
    assert [c.value for c in data[2]][:3] == [
        "深圳市鸿运电子有限公司",
        make_credit_code("91440303MA5DC1234"),
        "制造业",
    ]
    rules = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert rules["C2:C1048576"] == "'可选值'!$A$2:$A$20"  # 所属行业: the 19 sections
    assert "H2:H1048576" in rules  # 已建工会: 是/否
    assert [c.value for c in lists["A"]][:3] == ["所属行业", "农、林、牧、渔业", "采矿业"]
    explained_rows = [[c.value for c in row] for row in explained.iter_rows()]
    table = {row[0]: row for row in explained_rows if row[0] in headers_of("employers")}
    assert table["单位名称"][1] == "是" and table["所属行业"][2] == "从下拉列表中选择"
    assert any("识别方法：统一社会信用代码" in (row[0] or "") for row in explained_rows)


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(CommandError, match="请指定导入类型"):
        run("import_template", "nothing", "x.xlsx")


@pytest.fixture
def files(tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    headers = ["单位名称", "统一社会信用代码", "所属行业"]
    good.write_bytes(xlsx(headers, GOOD))
    bad.write_bytes(xlsx(headers, BAD))
    return good, bad


def test_dry_run_commits_nothing_and_says_whether_it_would(files, registrar):
    good, bad = files
    out, _ = run("import_records", "employers", str(good), "--dry-run", "--user", "registrar")
    assert "检查通过：共1行，可以导入。（--dry-run：未导入）" in out
    assert not Employer.objects.exists()
    with pytest.raises(CommandError) as refused:
        run("import_records", "employers", str(bad), "--dry-run")
    assert refused.value.returncode == 1


def test_a_bad_file_prints_every_problem_and_commits_nothing(files, db):
    _, bad = files
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "employers", str(bad), stderr=err)
    assert "第2行「所属行业」：不是可选的值" in err.getvalue()
    assert "（填写的内容：制造）" in err.getvalue()
    assert not Employer.objects.exists()


def test_org_and_user_set_the_scope(files, committee_registrar, committee, other_committee):
    good, _ = files
    committee.code, other_committee.code = "DH", "QSH"
    committee.save()
    other_committee.save()
    with pytest.raises(CommandError, match="不在该用户的管辖范围内"):
        run("import_records", "employers", str(good), "--org", "qsh", "--user", "committee_registrar")
    run("import_records", "employers", str(good), "--org", "dh", "--user", "committee_registrar")
    assert Employer.objects.get().org == committee
    job = ImportJob.objects.get(status="committed")
    assert (job.user, job.org) == (committee_registrar, committee)


def test_the_exit_code_of_the_process(files, db, monkeypatch, capsys):
    """0 only when committed (or, with --dry-run, when it would be): ``manage.py``'s own path from the command
    line to the exit status, in this process (its closing of the connections would end the test's transaction)."""
    good, bad = files
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)

    def code(*args):
        try:
            ManagementUtility(["manage.py", "import_records", *args]).execute()
        except SystemExit as exit:
            return exit.code
        return 0

    assert code("employers", str(bad), "--dry-run") == 1
    assert code("employers", str(good), "--dry-run") == 0
    assert code("employers", str(bad)) == 1
    assert not Employer.objects.exists()
    assert code("employers", str(good)) == 0
    assert Employer.objects.count() == 1
