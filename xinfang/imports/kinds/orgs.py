"""组织: the organisation tree, for a new installation (or a new branch of the tree).

Natural key: the organisation's code (组织代码, required). A parent is named by its code or its name: an
organisation already on file in the importer's scope, or one listed in an earlier row of the same file. An operator
at the command line (no ``--user``) may import roots (the district federation, the upper unions); a user imports
only below his own organisation, and needs the right to add organisations in 系统管理. A second import of the same
rows finds every code on file and changes nothing.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError

from xinfang.lib import limits
from xinfang.orgs.models import Org, OrgKind, normalize_org_code, validate_org_code

from ..registry import Column, ColumnType, ImportKind
from ..rows import ImportContext, Problems, Row

LIMITED = ("name", "short_name", "petition_prefix")

COLUMNS = (
    Column("组织代码", "code", required=True, example="440303-01", width=14,
           help="本系统内唯一的代码（字母、数字或连字符，至多20位），如“440303-01”；再次导入时以它识别组织。"),
    Column("名称", "name", required=True, example="东湖街道工委会", width=28),
    Column("简称", "short_name", example="东湖工委", width=14),
    Column("类型", "kind", ColumnType.CHOICE, required=True, choices=OrgKind.choices, example="工委会", width=12),
    Column("上级组织", "parent", example="440303", width=20,
           help="上级组织的组织代码或名称：已在册并在您的管辖范围内，或在本文件中列于前面的行。"
           "只有在服务器上以命令导入时才可不填（新建最上级的组织）。"),
    Column("信访编号前缀", "petition_prefix", example="", width=14,
           help="区总工会填写，如“罗工信”，编号形如 罗工信〔2026〕0001。"),
    Column("启用", "is_active", ColumnType.BOOLEAN, example="是", width=8, help="不填为“是”。"),
)  # fmt: skip


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    codes_seen = ctx.seen("code")  # code → row number, of the rows before
    names_seen = ctx.seen("parent_and_name")
    earlier = ctx.seen("_earlier")  # the code and the name of each row before → its code
    for row in rows:
        for field in LIMITED:
            if row.good(field):
                problem = limits.value_problem(Org._meta.get_field(field), row[field])
                if problem:
                    problems.add(row, field, problem)
        if row.good("code"):
            row.values["code"] = code = normalize_org_code(row["code"])
            try:
                validate_org_code(code)
            except ValidationError as error:
                problems.add(row, "code", " ".join(error.messages))
            else:
                if code in codes_seen:
                    problems.add(row, "code", f"与第{codes_seen[code]}行的组织代码重复。")
        _parent(row, ctx, problems)
        if row.good("code"):
            codes_seen.setdefault(row["code"], row.number)
            earlier.setdefault(row["code"], row["code"])  # a later row may name it as its parent
            if row.good("name"):
                earlier.setdefault(row["name"], row["code"])
        if row.good("name"):
            parent = row["parent_org"].pk if row["parent_org"] else row["parent_code"]
            if parent is not None and (parent, row["name"]) in names_seen:
                problems.add(row, "name", f"与第{names_seen[parent, row['name']]}行同一上级组织下同名。")
            names_seen.setdefault((parent, row["name"]), row.number)
    _match(rows, ctx, problems)


def _parent(row: Row, ctx: ImportContext, problems: Problems) -> None:
    """The parent: an organisation in scope (by code, or by a name only one of them has), else a code or name of
    an earlier row of the file."""
    text = row["parent"]
    if not row.good("parent"):
        if ctx.user is not None and "parent" not in row.bad:
            problems.add(row, "parent", "请填写上级组织：只能在您所在组织之下导入组织。")
        return
    existing = ctx.state.get("_parents")
    if existing is None:
        existing = ctx.state["_parents"] = _lookup(ctx.orgs)
    earlier = ctx.seen("_earlier")
    found = existing.get(normalize_org_code(text)) or existing.get(text)
    if found is not None:
        row.values["parent_org"] = found
    elif text in earlier or normalize_org_code(text) in earlier:
        row.values["parent_code"] = earlier.get(text) or earlier[normalize_org_code(text)]
    else:
        problems.add(
            row, "parent", "未找到该上级组织，或不在您的管辖范围内（本文件中新建的上级组织须列在前面的行）。"
        )


def _lookup(orgs: list[Org]) -> dict[str, Org]:
    """Organisations by code, and by name where no other one of them has that name."""
    found: dict[str, Org] = {org.code: org for org in orgs if org.code}
    names: dict[str, list[Org]] = {}
    for org in orgs:
        names.setdefault(org.name, []).append(org)
    for name, named in names.items():
        if len(named) == 1:
            found.setdefault(name, named[0])
    return found


def _match(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    """Codes already on file (in scope: the same organisation, left as it is; outside: taken), and names already
    used under the same parent by an organisation of another code: two queries for the batch."""
    codes = {row["code"] for row in rows if row.good("code")}
    on_file = {
        org.code: org for org in Org.objects.filter(code__in=codes).exclude(code="")
    }  # the code's index
    in_scope = {org.pk for org in ctx.orgs}
    for row in rows:
        if not row.good("code") or row["code"] not in on_file:
            continue
        org = on_file[row["code"]]
        if org.pk in in_scope:
            row.found = org
        else:
            problems.add(row, "code", "该组织代码已被其他组织使用。")
    pairs = {(row["parent_org"].pk, row["name"]) for row in rows if row.found is None and row["parent_org"]}
    if not pairs:
        return
    taken = set(
        Org.objects.filter(parent_id__in={p for p, _ in pairs}, name__in={n for _, n in pairs}).values_list(
            "parent_id", "name"
        )
    )
    for row in rows:
        if row.found is None and row["parent_org"] and (row["parent_org"].pk, row["name"]) in taken:
            problems.add(
                row, "name", "上级组织下已有同名组织：如为同一组织，请先在系统管理中为其填写该组织代码。"
            )


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    created: dict[str, Org] = ctx.state.setdefault("_created", {})
    for row in rows:
        if row.found is not None:
            created[row["code"]] = row.found
            ctx.counts["on_file"] += 1
            continue
        parent = row["parent_org"] or (created[row["parent_code"]] if row["parent_code"] else None)
        org = Org(
            code=row["code"],
            name=limits.clean_text(row["name"]),
            short_name=row["short_name"] or "",
            kind=row["kind"],
            parent=parent,
            petition_prefix=row["petition_prefix"] or "",
            is_active=row["is_active"] is not False,
        )
        org.save()
        created[org.code] = org
        ctx.counts["added"] += 1


def summary(counts: Counter[str]) -> str:
    return f"新增组织{counts['added']}个；{counts['on_file']}个已在册，未改动。"


KIND = ImportKind(
    key="orgs",
    title="组织",
    columns=COLUMNS,
    natural_key="组织代码（必填）。已在册的组织代码再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.has_perm("orgs.add_org"),
    summary=summary,
    order=10,
)
