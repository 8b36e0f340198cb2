"""Importing the organisation tree: a new installation's from the command line, a branch by an administrator
within his scope, and the code as the natural key."""

from django.core.management import call_command

from xinfang.orgs.models import Org, OrgKind

from .conftest import problems_of, xlsx

HEADERS = ["组织代码", "名称", "简称", "类型", "上级组织", "信访编号前缀", "启用"]
TREE = [
    ["440303", "罗湖区总工会", "区总", "区总工会", "", "罗工信", "是"],
    ["SZ", "深圳市总工会", "", "上级工会", "", "", ""],
    ["440303-01", "东湖街道工委会", "东湖工委", "工委会", "440303", "", ""],
    ["440303-01-01", "东湖街道司法所", "", "协办单位", "东湖街道工委会", "", "否"],
    ["440303-02", "清水河街道工委会", "", "工委会", "罗湖区总工会", "", ""],
]


def test_a_new_installation_imports_its_tree_from_the_command_line(tmp_path, db, capsys):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx(HEADERS, TREE))
    call_command("import_records", "orgs", str(path))
    assert "已导入：新增组织5个；0个已在册，未改动。" in capsys.readouterr().out
    root = Org.objects.get(code="440303")
    assert (root.name, root.kind, root.parent, root.petition_prefix) == (
        "罗湖区总工会",
        OrgKind.FEDERATION,
        None,
        "罗工信",
    )
    donghu = Org.objects.get(code="440303-01")
    assert donghu.parent == root and donghu.short_name == "东湖工委"
    office = Org.objects.get(code="440303-01-01")
    assert office.parent == donghu and not office.is_active
    assert office.path.startswith(donghu.path)
    assert Org.objects.get(code="440303-02").parent == root

    call_command("import_records", "orgs", str(path))  # again: nothing added
    assert "新增组织0个；5个已在册" in capsys.readouterr().out
    assert Org.objects.count() == 5


def test_an_administrator_imports_below_his_organisation_only(administrator, federation, upper, run_import):
    federation.code = "440303"
    federation.save()
    rows = [
        ["440303-09", "翠竹街道工委会", "", "工委会", "440303", "", ""],
        ["440303-09-01", "翠竹街道司法所", "", "协办单位", "440303-09", "", ""],
        ["X1", "另一个总工会", "", "区总工会", "", "", ""],
        ["X2", "市总下属", "", "协办单位", upper.name, "", ""],
    ]
    job = run_import(administrator, "orgs", xlsx(HEADERS, rows))
    assert job.status == "refused"
    assert problems_of(job) == [
        (4, "上级组织", "请填写上级组织：只能在您所在组织之下导入组织。", ""),
        (
            5,
            "上级组织",
            "未找到该上级组织，或不在您的管辖范围内（本文件中新建的上级组织须列在前面的行）。",
            upper.name,
        ),
    ]
    assert not Org.objects.filter(code__startswith="440303-09").exists()

    job = run_import(administrator, "orgs", xlsx(HEADERS, rows[:2]))
    assert job.status == "committed", problems_of(job)
    parent = Org.objects.get(code="440303-09-01").parent
    assert parent is not None and parent.code == "440303-09"


def test_a_parent_listed_later_in_the_file_is_a_problem_of_the_row(administrator, federation, run_import):
    rows = [
        ["A-2", "司法所", "", "协办单位", "A-1", "", ""],
        ["A-1", "翠竹街道工委会", "", "工委会", federation.name, "", ""],
    ]
    job = run_import(administrator, "orgs", xlsx(HEADERS, rows))
    assert [(row, column) for row, column, _, _ in problems_of(job)] == [(2, "上级组织")]


def test_a_code_taken_outside_the_scope_and_a_name_taken_under_the_parent(
    administrator, federation, committee, upper, run_import
):
    upper.code = "SZ"
    upper.save()
    rows = [
        ["SZ", "某工委会", "", "工委会", federation.name, "", ""],
        ["NEW", committee.name, "", "工委会", federation.name, "", ""],
    ]
    job = run_import(administrator, "orgs", xlsx(HEADERS, rows))
    assert problems_of(job) == [
        (2, "组织代码", "该组织代码已被其他组织使用。", "SZ"),
        (
            3,
            "名称",
            "上级组织下已有同名组织：如为同一组织，请先在系统管理中为其填写该组织代码。",
            committee.name,
        ),
    ]


def test_only_who_may_add_organisations_imports_them(registrar, run_import):
    from xinfang.imports.registry import import_kind

    kind = import_kind("orgs")
    assert kind is not None and not kind.may_import(registrar)
