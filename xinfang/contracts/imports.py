"""集体合同: the import kind of the collective-contract ledger (docs/imports.md).

Natural key: the responsible organisation, the signing date, the kind of contract and the employer side (the same
as the unique constraint ``contract_natural_key``). A row whose key is on file is left as it is, so a second import
of the same file adds nothing. Each new row is registered by the ledger's own action (``register_contract``): the
same checks as the page and the API, the congress vote and the term included; a row with a filing date is filed at
once, and ``tick`` makes it effective when its review period has passed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from django.db.models import Q

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row, per_row
from xinfang.lib import limits
from xinfang.lib.fielderrors import FieldErrors
from xinfang.orgs.models import Industry

from .abilities import RECORD
from .actions import register_contract, validate
from .inputs import ContractIn
from .models import Contract, ContractKind, ContractType

COLUMNS = (
    Column("合同类型", "contract_type", ColumnType.CHOICE, required=True, choices=ContractType.choices,
           example="区域性", help="单个用人单位、区域性或行业性。"),
    Column("合同种类", "kind", ColumnType.CHOICE, required=True, choices=ContractKind.choices,
           example="综合性集体合同", width=26),
    Column("行业", "industry", ColumnType.CHOICE, choices=Industry.choices, example="", width=24,
           help="行业性集体合同必填。"),
    Column("用人单位方", "employer_side", required=True, example="东湖街道企业联合会", width=30,
           help="单个合同为用人单位名称，区域性、行业性合同为企业方代表组织。"),
    Column("职工方（工会）", "worker_side", required=True, example="东湖街道总工会", width=24),
    Column("用人单位方首席代表", "employer_chief", example="李明", width=12),
    Column("职工方首席代表", "worker_chief", example="王芳", width=12),
    Column("覆盖企业数", "employers_covered", ColumnType.INTEGER, required=True, example="120", width=10,
           help="含个体工商户；单个合同为1。"),
    Column("其中个体工商户数", "sole_traders_covered", ColumnType.INTEGER, example="35", width=10),
    Column("覆盖职工人数", "workers_covered", ColumnType.INTEGER, required=True, example="3500", width=10),
    Column("职代会审议日期", "voted_on", ColumnType.DATE, required=True, example="2026-03-10", width=14),
    Column("职工代表总数", "representatives_total", ColumnType.INTEGER, required=True, example="60", width=10),
    Column("出席代表人数", "representatives_present", ColumnType.INTEGER, required=True, example="52", width=10,
           help="不少于职工代表总数的三分之二。"),
    Column("赞成票数", "votes_for", ColumnType.INTEGER, required=True, example="49", width=10,
           help="超过职工代表总数的半数（不是出席人数的半数）。"),
    Column("签订日期", "signed_on", ColumnType.DATE, required=True, example="2026-03-15", width=14),
    Column("报送日期", "filed_on", ColumnType.DATE, example="2026-03-20", width=14,
           help="劳动行政部门收到合同文本之日；已报送的填写。"),
    Column("期限起始日", "starts_on", ColumnType.DATE, required=True, example="2026-04-01", width=14),
    Column("期限终止日", "ends_on", ColumnType.DATE, required=True, example="2029-03-31", width=14,
           help="期限为1至3年。"),
    Column("责任组织", "org", ColumnType.ORGANISATION, example="", width=20,
           help="负责该合同的工会组织（名称或组织代码），须在您的管辖范围内；不填则为导入时选择的组织。"),
    Column("备注", "note", example="", width=30),
)  # fmt: skip

TEXTS = ("employer_side", "worker_side", "employer_chief", "worker_chief", "note")


def _key(row: Row, ctx: ImportContext) -> tuple | None:
    org = row["org"] or ctx.org or (ctx.user.org if ctx.user else None)
    if org is None or not all(row.good(f) for f in ("signed_on", "kind", "employer_side")):
        return None
    return (org.pk, row["signed_on"], row["kind"], limits.clean_text(row["employer_side"]))


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    """Texts to their columns' limits; a row repeating an earlier row's natural key is refused; rows whose key is
    on file are found (one query per batch) and left alone by the save."""
    seen = ctx.seen("natural_key")
    keys: dict[int, tuple] = {}
    for row in rows:
        for name in TEXTS:
            if row.good(name):
                problem = limits.value_problem(Contract._meta.get_field(name), row[name])
                if problem:
                    problems.add(row, name, problem)
        if not row.bad:
            _check_rules(row, ctx, problems)
        key = _key(row, ctx)
        if key is None:
            continue
        if key in seen:
            problems.add(row, "employer_side", f"与第{seen[key]}行是同一份合同（责任组织、签订日期、合同种类和用人单位方相同）。")
            continue
        seen[key] = row.number
        keys[row.number] = key
    if not keys:
        return
    wanted = Q()
    for org_id, signed_on, kind, side in keys.values():
        wanted |= Q(org_id=org_id, signed_on=signed_on, kind=kind, employer_side=side)
    on_file = {
        (o, s, k, e): pk
        for pk, o, s, k, e in Contract.objects.filter(wanted).values_list(
            "pk", "org_id", "signed_on", "kind", "employer_side"
        )
    }
    for row in rows:
        key = keys.get(row.number)
        if key is not None:
            row.found = on_file.get(key)


def _input(row: Row, ctx: ImportContext) -> ContractIn:
    org = row["org"] or ctx.org
    return ContractIn.model_construct(
        contract_type=row["contract_type"] or "",
        kind=row["kind"] or "",
        industry=row["industry"] or "",
        employer_side=limits.clean_text(row["employer_side"] or ""),
        worker_side=limits.clean_text(row["worker_side"] or ""),
        employer_chief=limits.clean_text(row["employer_chief"] or ""),
        worker_chief=limits.clean_text(row["worker_chief"] or ""),
        employers_covered=row["employers_covered"],
        sole_traders_covered=row["sole_traders_covered"] or 0,
        workers_covered=row["workers_covered"],
        employer_ids=[],
        voted_on=row["voted_on"],
        representatives_total=row["representatives_total"],
        representatives_present=row["representatives_present"],
        votes_for=row["votes_for"],
        signed_on=row["signed_on"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        filed_on=row["filed_on"],
        note=limits.clean_text(row["note"] or ""),
        org_id=org.pk if org is not None else None,
        predecessor_id=None,
    )


def _check_rules(row: Row, ctx: ImportContext, problems: Problems) -> None:
    """The action's own checks that need no database (the vote, the coverage, the dates and the term), at check
    time, so that the preview lists them with the cells' problems; the action checks them again when it saves."""
    errors = FieldErrors()
    validate(_input(row, ctx), errors)
    for name, messages in errors.by_field.items():
        if name in row.bad:
            continue  # the cell itself was unreadable: its problem is listed already
        for message in messages:
            problems.add(row, name, message)


def _register(row: Row, ctx: ImportContext) -> None:
    if row.found is not None:
        ctx.counts["on_file"] += 1
        return
    if ctx.user is None:
        return  # save refuses the file first
    register_contract(by=ctx.user, data=_input(row, ctx))
    ctx.counts["added"] += 1


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    if ctx.user is None:
        problems.add_to_file("集体合同须以用户身份导入（import_records --user），以便按其管辖范围登记。")
        return
    per_row(_register)(rows, ctx, problems)


def summary(counts: Counter[str]) -> str:
    return f"新增集体合同{counts['added']}份；{counts['on_file']}份已在册，未改动。"


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def records(user, query: Mapping[str, str]):
    """The register as the list page filters it (the same query string)."""
    org = query.get("org", "")
    return (
        Contract.objects.visible_to(user)
        .matching(
            user,
            q=query.get("q", "")[:100],
            signed_from=_date(query.get("signed_from", "")),
            signed_to=_date(query.get("signed_to", "")),
            contract_type=query.get("contract_type", "")[:10],
            kind=query.get("kind", "")[:14],
            status=query.get("status", "")[:10],
            org=int(org) if org.isdigit() else None,
            queue=query.get("queue", "")[:20],
        )
        .select_related("org")
        .order_by("-signed_on", "-pk")
    )


KIND = ImportKind(
    key="contracts",
    title="集体合同",
    columns=COLUMNS,
    natural_key="责任组织、签订日期、合同种类和用人单位方：四者相同的为同一份合同，已在册的再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.can(RECORD),
    summary=summary,
    records=records,
    order=60,
)
