"""The unions ledger's Excel imports (docs/imports.md): grassroots unions, and member batches.

- 基层工会 (``unions``): natural key the union's name (工会名称, unique in the ledger). A row whose name is on file
  is left as it is (a second import changes nothing); a new row is registered through ``register_union`` (来源
  新建) or ``record_transfer_in`` (组织关系转入), and, when it names an employer of the registry (覆盖单位: credit
  code or exact name), the union covers it from its founding (or transfer) date through ``cover_employer``.
- 会员发展批次 (``member_batches``): natural key the union's name, the kind (发展会员 / 会员转出) and the date; a batch
  on file is left as it is; a new one goes through ``record_batch``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row, per_row
from xinfang.lib import limits
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import field_error
from xinfang.orgs.models import Org, OrgKind, find_employer

from . import actions
from .forms import filtered_batches
from .inputs import CoverageIn, MemberBatchIn, UnionIn
from .models import BatchKind, GrassrootsUnion, MemberBatch, Origin, UnionKind


def _owners(ctx: ImportContext) -> list[tuple[Org, str]]:
    return ctx.org_choices(lambda org: org.kind in (OrgKind.FEDERATION, OrgKind.COMMITTEE))


UNION_COLUMNS = (
    Column("工会名称", "name", required=True, example="深圳市鸿运电子有限公司工会", width=30),
    Column("工会类型", "kind", ColumnType.CHOICE, required=True, choices=UnionKind.choices, example="单独基层工会", width=18),
    Column("来源", "origin", ColumnType.CHOICE, choices=Origin.choices, example="新建", width=14,
           help="不填为新建；改制企业等由其他单位移交的，填“组织关系转入”，并填写转入日期和转出单位。"),
    Column("建会日期", "founded_on", ColumnType.DATE, required=True, example="2026-03-18", width=14),
    Column("所属工委会", "org", ColumnType.ORGANISATION, choices=_owners, width=20,
           help="管理该工会的工委会（名称或组织代码），须在您的管辖范围内；不填为导入时选择的组织。"),
    Column("批准机关", "approved_by", example="东湖街道工委会", width=20,
           help="批准建会的上一级工会的名称（第十二条）：区总工会、工委会或上级工会。"),
    Column("批复文号", "approval_ref", example="东工委〔2026〕12号", width=20),
    Column("批准日期", "approved_on", ColumnType.DATE, example="2026-03-18", width=14),
    Column("工会主席", "chair", example="李红", width=12),
    Column("职工人数", "workers", ColumnType.INTEGER, example="120", width=10),
    Column("会员人数", "members", ColumnType.INTEGER, example="96", width=10),
    Column("人数统计日期", "counted_on", ColumnType.DATE, example="2026-03-18", width=14),
    Column("转入日期", "transferred_on", ColumnType.DATE, width=14),
    Column("转出单位", "transferred_from", width=20),
    Column("覆盖单位", "employer", example="深圳市鸿运电子有限公司", width=30,
           help="该工会覆盖的用人单位（统一社会信用代码或名录中的单位全称），须已在用人单位名录中；"
                "自建会日期（转入的自转入日期）起覆盖。联合基层工会的其他单位在工会页面逐一添加。"),
)  # fmt: skip


def check_unions(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    seen = ctx.seen("name")
    names = {row["name"].strip() for row in rows if row.good("name")}
    on_file = set(GrassrootsUnion.objects.filter(name__in=names).values_list("name", flat=True))
    for row in rows:
        _check_row(row, problems)
        if not row.good("name"):
            continue
        name = row["name"].strip()
        if name in seen:
            problems.add(row, "name", f"与第{seen[name]}行的工会同名。")
        seen.setdefault(name, row.number)
        row.found = name if name in on_file else None


LIMITED = ("name", "approval_ref", "chair", "transferred_from", "workers", "members")


def _check_row(row: Row, problems: Problems) -> None:
    """What one row can tell without the database, so that a bad file lists every problem at once (the actions
    check the same again when the rows are saved)."""
    for field in LIMITED:
        if row.good(field):
            problem = limits.value_problem(GrassrootsUnion._meta.get_field(field), row[field])
            if problem:
                problems.add(row, field, problem)
    workers, members = row["workers"], row["members"]
    if row.good("workers") and row.good("members") and workers and members > workers:
        problems.add(row, "members", f"会员人数（{members}人）不能多于职工人数（{workers}人）。")
    if row["origin"] == Origin.TRANSFERRED_IN:
        if not row.good("transferred_on"):
            problems.add(row, "transferred_on", "组织关系转入的工会请填写转入日期。")
        if not row.good("transferred_from"):
            problems.add(row, "transferred_from", "请填写转出单位（原隶属的工会或单位）。")
    elif row.good("transferred_on") or row.good("transferred_from"):
        problems.add(
            row, "transferred_on", "新建的工会不填转入日期和转出单位；组织关系转入的请在“来源”中注明。"
        )


def _approver(name: str | None) -> int | None:
    if not name:
        return None
    org = Org.objects.filter(name=name.strip()).order_by("path").first()
    return org.pk if org is not None else -1


def _save_union(row: Row, ctx: ImportContext) -> None:
    if row.found is not None:
        ctx.counts["on_file"] += 1
        return
    if ctx.user is None:
        raise NotAllowed("导入基层工会须以用户身份进行（--user）。")
    approver = _approver(row["approved_by"])
    if approver == -1:
        raise field_error("approved_by", f"未找到名为“{row['approved_by']}”的批准机关。")
    org = row["org"] or ctx.org
    data = UnionIn.model_construct(
        name=row["name"],
        kind=row["kind"],
        founded_on=row["founded_on"],
        org_id=org.pk if org is not None else None,
        approved_by_id=approver,
        approval_ref=row["approval_ref"] or "",
        approved_on=row["approved_on"],
        chair=row["chair"] or "",
        workers=row["workers"] or 0,
        members=row["members"] or 0,
        counted_on=row["counted_on"],
        transferred_on=row["transferred_on"],
        transferred_from=row["transferred_from"] or "",
    )
    transferred = row["origin"] == Origin.TRANSFERRED_IN
    union = (actions.record_transfer_in if transferred else actions.register_union)(by=ctx.user, data=data)
    ctx.counts["transferred_in" if transferred else "founded"] += 1
    if row.good("employer"):
        text = row["employer"].strip()
        employer = find_employer(name=text, credit_code=text if len(text) == 18 else "", by=ctx.user)
        if employer is None:
            raise field_error("employer", f"用人单位名录中没有“{text}”，请先导入或登记该单位。")
        start: date = union.transferred_on or union.founded_on
        actions.cover_employer(
            union=union, by=ctx.user, data=CoverageIn.model_construct(employer_id=employer.pk, start_on=start)
        )


def union_summary(counts: Counter[str]) -> str:
    return (
        f"新建基层工会{counts['founded']}家，组织关系转入{counts['transferred_in']}家；"
        f"{counts['on_file']}家已在册，未改动。"
    )


def union_records(user, query: Mapping[str, str]):
    return (
        GrassrootsUnion.objects.visible_to(user)
        .matching(
            q=query.get("q", "")[:100],
            kind=query.get("kind", ""),
            status=query.get("status", ""),
            origin=query.get("origin", ""),
        )
        .select_related("org", "approved_by")
        .order_by("-founded_on", "-pk")
    )


def _read_approver(union: GrassrootsUnion) -> str:
    return union.approved_by.name if union.approved_by is not None else ""


UNIONS = ImportKind(
    key="unions",
    title="基层工会",
    columns=tuple(
        Column(c.header, c.field, c.type, c.required, c.choices, c.help, c.example, _read_approver, c.width)
        if c.field == "approved_by"
        else Column(
            c.header, c.field, c.type, c.required, c.choices, c.help, c.example, lambda u: "", c.width
        )
        if c.field == "employer"
        else c
        for c in UNION_COLUMNS
    ),
    natural_key="工会名称（在本台账中唯一）。已在册的工会再次导入时不作改动。",
    check=check_unions,
    save=per_row(_save_union),
    may_import=lambda user: user.can("unions.record"),
    summary=union_summary,
    records=union_records,
    order=60,
)


BATCH_COLUMNS = (
    Column("工会名称", "union", required=True, example="深圳市鸿运电子有限公司工会", width=30,
           read=lambda b: b.union.name, help="已在本台账登记的基层工会。"),
    Column("类别", "kind", ColumnType.CHOICE, choices=BatchKind.choices, example="发展会员", width=12,
           help="不填为发展会员。"),
    Column("日期", "on", ColumnType.DATE, required=True, example="2026-06-10", width=14),
    Column("人数", "count", ColumnType.INTEGER, required=True, example="35", width=10),
    Column("其中农民工", "migrant_workers", ColumnType.INTEGER, example="20", width=10),
    Column("其中女职工", "women", ColumnType.INTEGER, example="12", width=10),
    Column("转往单位", "destination", width=20, help="会员转出时填写。"),
)  # fmt: skip


def check_batches(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    seen = ctx.seen("batch")
    names = {row["union"].strip() for row in rows if row.good("union")}
    scope = (
        GrassrootsUnion.objects.all() if ctx.user is None else GrassrootsUnion.objects.visible_to(ctx.user)
    )
    unions = dict(scope.filter(name__in=names).values_list("name", "pk"))
    on_file = set(
        MemberBatch.objects.filter(union__in=list(unions.values())).values_list("union", "kind", "on")
    )
    for row in rows:
        if not row.good("union"):
            continue
        pk = unions.get(row["union"].strip())
        if pk is None:
            problems.add(row, "union", f"您管辖范围内没有名为“{row['union']}”的基层工会。")
            continue
        for part, label in (("migrant_workers", "其中农民工"), ("women", "其中女职工")):
            if row.good(part) and row.good("count") and row[part] > row["count"]:
                problems.add(row, part, f"{label}人数（{row[part]}人）不能多于人数（{row['count']}人）。")
        kind = row["kind"] or BatchKind.ENROLMENT
        key = (pk, kind, row["on"])
        if row["on"] is not None and key in seen:
            problems.add(row, "on", f"与第{seen[key]}行是同一工会同一天的同类批次。")
        seen.setdefault(key, row.number)
        row.values["union_id"] = pk
        row.found = key if key in on_file else None


def _save_batch(row: Row, ctx: ImportContext) -> None:
    if row.found is not None:
        ctx.counts["on_file"] += 1
        return
    if ctx.user is None:
        raise NotAllowed("导入会员发展批次须以用户身份进行（--user）。")
    actions.record_batch(
        by=ctx.user,
        data=MemberBatchIn.model_construct(
            union_id=row["union_id"],
            kind=row["kind"] or BatchKind.ENROLMENT,
            on=row["on"],
            count=row["count"],
            migrant_workers=row["migrant_workers"] or 0,
            women=row["women"] or 0,
            destination=row["destination"] or "",
        ),
    )
    ctx.counts["added"] += 1


def batch_records(user, query: Mapping[str, str]):
    """The batches list as its filters choose (``forms.BatchFilterForm``); filters it refuses export nothing."""
    return filtered_batches(user, query).select_related("union").order_by("-on", "-pk")


BATCHES = ImportKind(
    key="member_batches",
    title="会员发展批次",
    columns=BATCH_COLUMNS,
    natural_key="工会名称、类别和日期（同一工会同一天的同类批次只有一条）。已在册的批次再次导入时不作改动。",
    check=check_batches,
    save=per_row(_save_batch),
    may_import=lambda user: user.can("unions.record"),
    summary=lambda counts: f"新增批次{counts['added']}条；{counts['on_file']}条已在册，未改动。",
    records=batch_records,
    order=61,
)
