"""The mechanism every kind shares: a ledger's kind is a declaration whose save calls the ledger's action per row
(a refused row is a problem in its column, and nothing is saved); reading a file (its header row, the example row,
cells of every type) and the problems of a file as a whole."""

import io
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from xinfang.imports import registry
from xinfang.imports.actions import confirm_import
from xinfang.imports.models import ImportJob
from xinfang.imports.registry import Column, ColumnType, ImportKind, register_import_kind
from xinfang.imports.rows import ImportContext, per_row
from xinfang.imports.running import check, run_check
from xinfang.imports.workbooks import template_xlsx
from xinfang.lib.exceptions import ActionError
from xinfang.orgs.models import Employer
from xinfang.policies.models import Policy

from .conftest import problems_of, xlsx


def register_record(row, ctx) -> None:
    """A stand-in for a ledger's registration action: validates by field, refuses by rule, writes a record."""
    if row["amount"] is not None and row["amount"] < 0:
        raise ValidationError({"amount": ["涉及金额不能小于0。"], "other": ["另一处问题。"]})
    if row["name"] == "不受理":
        raise ActionError("该事项不属于受理范围。")
    Employer.objects.create(name=row["name"], employees=row["count"])
    ctx.counts["added"] += 1


LEDGER = ImportKind(
    key="test_ledger",
    title="测试台账",
    columns=(
        Column("名称", "name", required=True),
        Column("涉及金额（元）", "amount", ColumnType.DECIMAL),
        Column("人数", "count", ColumnType.INTEGER),
        Column("日期", "on", ColumnType.DATE),
        Column("时间", "at", ColumnType.DATETIME),
        Column("类型", "kind", ColumnType.CHOICE, choices=[("a", "甲类"), ("b", "乙类")], example="甲类"),
        Column("是否", "flag", ColumnType.BOOLEAN),
    ),
    natural_key="名称。",
    check=lambda rows, ctx, problems: None,
    save=per_row(register_record),
    may_import=lambda user: True,
    summary=lambda counts: f"新增{counts['added']}条。",
)


@pytest.fixture
def ledger_kind():
    register_import_kind(LEDGER)
    yield LEDGER
    registry.KINDS.remove(LEDGER)


def headers():
    return [c.header for c in LEDGER.columns]


def test_a_row_the_action_refuses_is_a_problem_in_its_column_and_nothing_is_saved(
    registrar, ledger_kind, run_import
):
    rows = [["甲", 1, 1], ["乙", -5, 2], ["不受理", 0, 3]]
    job = run_import(registrar, "test_ledger", xlsx(headers()[:3], rows), commit=False)
    assert job.status == "ready"  # the kind's checks found nothing: the action refuses at commit
    job = confirm_import(job=job, by=registrar)
    assert job.status == "refused"
    assert problems_of(job) == [
        (3, "", "另一处问题。", ""),
        (3, "涉及金额（元）", "涉及金额不能小于0。", "-5"),
        (4, "", "该事项不属于受理范围。", ""),
    ]
    assert not Employer.objects.exists()  # 甲 was saved, then rolled back with the rest


def test_a_file_the_actions_accept_is_committed_once(registrar, ledger_kind, run_import):
    job = run_import(registrar, "test_ledger", xlsx(headers()[:3], [["甲", 1, 1], ["乙", 2, 2]]))
    assert (job.status, job.summary) == ("committed", "新增2条。")
    assert Employer.objects.count() == 2


def test_cells_of_every_type_are_read(registrar, ledger_kind):
    seen = []
    kind = ImportKind(
        **{**LEDGER.__dict__, "key": "test_cells", "check": lambda rows, c, p: seen.extend(rows)}
    )
    register_import_kind(kind)
    try:
        rows: list[list[object]] = [
            ["甲", "1,234.50元", "12", "2026年6月10日", "2026/6/10 9:30", "乙类", "是"],
            ["乙", 18000.5, 3.0, date(2026, 6, 10), datetime(2026, 6, 10, 9, 30), "b", "否"],
        ]
        content = xlsx(headers(), rows, title_row="测试台账名录")  # an export: a title above the headers
        outcome = check(
            ImportJob(kind="test_cells", user=registrar, org=registrar.org, content=content), progress=False
        )
    finally:
        registry.KINDS.remove(kind)
    assert outcome.problems == [] and outcome.rows == 2
    moment = timezone.make_aware(datetime(2026, 6, 10, 9, 30))
    assert seen[0].values == {
        "name": "甲",
        "amount": Decimal("1234.50"),
        "count": 12,
        "on": date(2026, 6, 10),
        "at": moment,
        "kind": "b",
        "flag": True,
    }
    assert seen[1].values == seen[0].values | {
        "name": "乙",
        "amount": Decimal("18000.5"),
        "count": 3,
        "flag": False,
    }
    assert (seen[0].number, seen[1].number) == (3, 4)


def test_unreadable_cells_are_problems_of_their_column(registrar, ledger_kind, run_import):
    rows = [["甲", "十元", 1.5, "6月10日", "明天", "丙类", "也许"]]
    job = run_import(registrar, "test_ledger", xlsx(headers(), rows))
    assert [(column, message) for _, column, message, _ in problems_of(job)] == [
        ("涉及金额（元）", "应为数字，如 18000.00。"),
        ("人数", "应为整数。"),
        ("日期", "应为日期，如 2026-06-10。"),
        ("时间", "应为日期时间，如 2026-06-10 09:30。"),
        ("类型", "不是可选的值。可选：甲类；乙类（见模板的下拉列表）。"),
        ("是否", "应填“是”或“否”。"),
    ]


def filled_template(rows) -> bytes:
    """The kind's template as downloaded, with rows typed below its example."""
    book = load_workbook(io.BytesIO(template_xlsx(LEDGER, ImportContext(user=None, org=None))))
    for row in rows:
        book["导入数据"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_templates_example_row_left_as_it_is_and_blank_rows_are_skipped(
    registrar, ledger_kind, run_import
):
    job = run_import(registrar, "test_ledger", filled_template([[], ["甲"]]), commit=False)
    assert (job.status, job.summary) == ("ready", "检查通过：共1行，可以导入。")
    only_example = run_import(registrar, "test_ledger", filled_template([]), commit=False)
    assert problems_of(only_example) == [(0, "", "文件中没有数据行（模板的示例行不会导入）。", "")]


def test_in_any_other_file_a_row_like_the_example_is_data(registrar, ledger_kind, run_import):
    example = [c.example for c in LEDGER.columns]
    job = run_import(registrar, "test_ledger", xlsx(headers(), [example]), commit=False)
    assert problems_of(job) == [(2, "名称", "此项为必填项。", "")]  # read as a row: its name is missing


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"PK\x03\x04 broken zip",
            [
                (
                    0,
                    "",
                    "无法读取该文件：请上传 Excel 工作簿（.xlsx 格式；旧的 .xls 请先在 Excel 中另存为 .xlsx）。",
                    "",
                )
            ],
        ),
        (
            xlsx(["甲", "乙"], [["1", "2"]]),
            [(0, "", "未找到表头：第一行应为“测试台账”导入模板的列名（请下载模板填写）。", "")],
        ),
        (
            xlsx(["名称", "名称", "备注", "人数"], [["甲", "乙", "", 1]]),
            [(1, "名称", "列名重复。", ""), (1, "备注", "无法识别的列名，请使用模板中的列名。", "")],
        ),
        (xlsx(["人数", "日期"], [[1, ""]]), [(1, "名称", "缺少必填列。", "")]),
    ],
)
def test_problems_of_the_file_as_a_whole(registrar, ledger_kind, content, expected):
    job = ImportJob.objects.create(kind="test_ledger", user=registrar, org=registrar.org, content=content)
    assert problems_of(run_check(job.pk)) == expected


def test_more_rows_than_the_policy_allows_is_a_problem(registrar, ledger_kind, run_import):
    Policy.objects.filter(key="import_max_rows").update(value=2)
    job = run_import(registrar, "test_ledger", xlsx(headers()[:1], [["甲"], ["乙"], ["丙"]]))
    assert problems_of(job) == [(4, "", "文件超过2行的导入上限，请分成几个文件导入。", "")]


def test_a_kind_is_registered_once(ledger_kind):
    register_import_kind(LEDGER)  # the same declaration again: nothing changes
    assert registry.KINDS.count(LEDGER) == 1
    with pytest.raises(ValueError, match="already registered"):
        register_import_kind(ImportKind(**{**LEDGER.__dict__, "title": "另一个"}))


def test_every_summary_counts():
    assert LEDGER.summary(Counter(added=3)) == "新增3条。"
