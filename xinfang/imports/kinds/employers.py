"""用人单位: the employer register.

Natural key: the unified social credit code; a row without one, or whose code no employer has yet, is the employer
of exactly that name that has no code on file (the name as typed, invisible characters and surrounding blanks
removed). Normalised names (full-width characters, brackets,
legal-form suffixes, a leading city or district) are another helper's ``lib/employernames.py``, not yet on main:
when it lands, ``_name_key`` is the one place to change. A second import of the same rows finds every employer on
file and changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Q

from xinfang.lib import creditcode, limits
from xinfang.lib.creditcode import make_credit_code
from xinfang.orgs.models import Employer, Industry, Org, OrgKind, Ownership

from ..registry import Column, ColumnType, ImportKind
from ..rows import ImportContext, Problems, Row

LIMITED = ("name", "credit_code", "address", "employees")


def _committees(ctx: ImportContext) -> list[tuple[Org, str]]:
    return ctx.org_choices(lambda org: org.kind == OrgKind.COMMITTEE)


COLUMNS = (
    Column("单位名称", "name", required=True, example="深圳市鸿运电子有限公司", width=30,
           help="营业执照上的全称。"),
    Column("统一社会信用代码", "credit_code", example=make_credit_code("91440303MA5DC1234"), width=22,
           help="18位，校验位须正确；有代码的单位以代码识别，没有代码的以单位名称识别。"),
    Column("所属行业", "industry", ColumnType.CHOICE, choices=Industry.choices, example="制造业", width=24,
           help="国民经济行业分类（GB/T 4754-2017）门类。"),
    Column("经济类型", "ownership", ColumnType.CHOICE, choices=Ownership.choices, example="私营"),
    Column("地址", "address", example="深圳市罗湖区东湖街道布心路1号", width=30),
    Column("所属工委会", "org", ColumnType.ORGANISATION, choices=_committees, example="", width=20,
           help="管辖该单位的街道工委会（名称或组织代码），须在您的管辖范围内；不填则为导入时选择的组织（如为工委会）。"),
    Column("职工人数", "employees", ColumnType.INTEGER, example="120", width=10),
    Column("已建工会", "has_union", ColumnType.BOOLEAN, example="否", width=10, help="填“是”或“否”，不填为否。"),
)  # fmt: skip


def _name_key(name: str) -> str:
    return limits.clean_text(name)


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    codes_seen, names_seen = ctx.seen("credit_code"), ctx.seen("name")
    for row in rows:
        for field in LIMITED:
            if row.good(field):
                problem = limits.value_problem(Employer._meta.get_field(field), row[field])
                if problem:
                    problems.add(row, field, problem)
        if row.good("credit_code"):
            row.values["credit_code"] = code = creditcode.normalize(row["credit_code"])
            try:
                creditcode.validate_credit_code(code)
            except ValidationError as error:
                problems.add(row, "credit_code", " ".join(error.messages))
            else:
                if code in codes_seen:
                    problems.add(row, "credit_code", f"与第{codes_seen[code]}行的统一社会信用代码重复。")
                codes_seen.setdefault(code, row.number)
        elif row.good("name"):
            key = _name_key(row["name"])
            if key in names_seen:
                problems.add(row, "name", f"与第{names_seen[key]}行的单位同名（且都没有统一社会信用代码）。")
            names_seen.setdefault(key, row.number)
    _match(rows)


def _match(rows: list[Row]) -> None:
    """What is already on file, for the whole batch in one query: by credit code, else by name."""
    codes = {row["credit_code"] for row in rows if row.good("credit_code")}
    names = {_name_key(row["name"]) for row in rows if row.good("name")}
    if not codes and not names:
        return
    # "<> ''" lets SQLite use the partial unique index on the credit code
    coded = Q(credit_code__in=codes) & ~Q(credit_code="")
    on_file = Employer.objects.filter(coded | Q(name__in=names)).values_list("pk", "credit_code", "name")
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}  # employers on file without a code
    for pk, code, name in on_file:
        if code:
            by_code.setdefault(code, pk)
        else:
            by_name.setdefault(name, pk)
    for row in rows:
        if row.good("credit_code") and row["credit_code"] in by_code:
            row.found = by_code[row["credit_code"]]
        elif row.good("name"):
            row.found = by_name.get(_name_key(row["name"]))


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    home = ctx.org if ctx.org is not None and ctx.org.kind == OrgKind.COMMITTEE else None
    new = [
        Employer(
            name=limits.clean_text(row["name"]),
            credit_code=row["credit_code"] or "",
            industry=row["industry"] or "",
            ownership=row["ownership"] or "",
            address=row["address"] or "",
            org=row["org"] or home,
            employees=row["employees"],
            has_union=bool(row["has_union"]),
        )
        for row in rows
        if row.found is None
    ]
    Employer.objects.bulk_create(new)
    ctx.counts["added"] += len(new)
    ctx.counts["on_file"] += len(rows) - len(new)


def summary(counts: Counter[str]) -> str:
    return f"新增用人单位{counts['added']}家；{counts['on_file']}家已在册，未改动。"


def records(user, query: Mapping[str, str]):
    """The employer register as its page lists it (``orgs.views.employer_list``: the search box ``q``)."""
    return (
        Employer.objects.visible_to(user)
        .search(query.get("q", "")[:100])
        .select_related("org")
        .order_by("name", "pk")
    )


KIND = ImportKind(
    key="employers",
    title="用人单位",
    columns=COLUMNS,
    natural_key="统一社会信用代码；没有代码（或代码尚未登记）的，以单位名称识别在册而未登记代码的单位。"
    "已在册的单位再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.can("orgs.edit_registry"),
    summary=summary,
    records=records,
    order=20,
)
