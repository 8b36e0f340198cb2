"""信访件 from Excel (数据导入) and to Excel (the list's 导出 Excel): one column list for both, so that an export
imports again into another installation without loss (docs/imports.md, "petitions").

A row is one petition: its registration, its first petitioner in columns of their own and the others in one cell
(其他信访人), its number if it keeps one, and for a historical petition its conclusion and rating. The rows are
saved through ``actions.imports.import_petitions`` (the registration's checks and records, for a batch).

**Natural key** (what makes a row the same petition on a second import), among the petitions the importing user
may see, and whose petitioners he may see (a match elsewhere would tell him who is on file): the source reference
(转送/交办文号) when the row has one; else the received date, the first petitioner's ID number and the category;
for a petitioner without an ID number (old paper registers), the received date, the name, the category and the
responsible organisation. A row that matches is left as it is (counted as on file); two rows of the file with the
same key are a problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Value
from django.utils import timezone

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row
from xinfang.lib import creditcode, idnumber, limits
from xinfang.lib.exceptions import ActionError
from xinfang.orgs.models import Org
from xinfang.people.models import Gender

from .actions.imports import (
    Checked,
    RowsRefused,
    format_number,
    import_petitions,
    number_parts,
    validate_imports,
)
from .inputs import EmployerNew, PetitionerIn, PetitionImportIn
from .models import (
    Category,
    Channel,
    Kind,
    Petition,
    Petitioner,
    PetitionerRole,
    Source,
    identity_visible_q,
)
from .models.choices import Delivery, Outcome, Rating, RatingMethod
from .models.petition import SEE_IDENTITY

ROLES = PetitionerRole.choices
ROLE_BY_LABEL = {label: value for value, label in ROLES}
ROLE_LABEL = dict(ROLES)
PERSON_FIELDS = ("name", "id_number", "phone", "gender", "address")


def _categories(ctx: ImportContext) -> list[tuple[int, str]]:
    """The second-level categories, labelled 一级／二级 (a second level's name alone is accepted too, when it is
    the only one so named)."""
    cached = ctx.state.get("_categories")
    if cached is None:
        rows = Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent")
        pairs = [
            (c.pk, f"{c.parent.name}／{c.name}")
            for c in rows.order_by("parent__order", "order", "pk")
            if c.parent
        ]
        names = Counter(c.name for c in rows)
        pairs += [(c.pk, c.name) for c in rows if names[c.name] == 1]
        cached = ctx.state["_categories"] = pairs
    return cached


def _category_label(petition: Petition) -> str:
    c = petition.category
    return f"{c.parent.name}／{c.name}" if c.parent is not None else c.name


def _identity(petition: Petition) -> bool:
    """The export carries whole ID and phone numbers only for a user who may see identities (annotated by
    ``records``); everyone else gets them masked, as in every other export."""
    return bool(getattr(petition, "full_identity", False))


def _first(petition: Petition) -> Petitioner | None:
    people = list(petition.petitioners.all())
    return people[0] if people else None


def _person_cell(field: str):
    def read(petition: Petition) -> Any:
        p = _first(petition)
        if p is None:
            return ""
        if field == "id_number" and not _identity(petition):
            return p.masked_id_number
        if field == "phone" and not _identity(petition):
            return p.masked_phone
        if field == "gender":
            return dict(Gender.choices).get(p.gender, "")
        if field == "role":
            return ROLE_LABEL.get(p.role, "")
        return getattr(p, field)

    return read


def _others(petition: Petition) -> str:
    """The petitioners after the first: 姓名/身份/身份证号/联系电话, separated by ；."""
    out = []
    for p in list(petition.petitioners.all())[1:]:
        number = p.id_number if _identity(petition) else p.masked_id_number
        phone = p.phone if _identity(petition) else p.masked_phone
        out.append("/".join((p.name, ROLE_LABEL.get(p.role, ""), number, phone)).rstrip("/"))
    return "；".join(out)


def _local(moment: datetime | None) -> Any:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


COLUMNS = (
    Column("信访编号", "number", example="", width=18,
           help="导出或原系统中的编号（如 罗工信〔2025〕0001），保留原编号；不填则按登记年度自动编号。"),
    Column("收到时间", "received_at", ColumnType.DATETIME, required=True, example="2026-06-10 09:30", width=18,
           read=lambda p: _local(p.received_at)),
    Column("渠道", "channel", ColumnType.CHOICE, required=True, choices=Channel.choices, example="来访", width=10),
    Column("信访类型", "kind", ColumnType.CHOICE, required=True, choices=Kind.choices, example="申诉求决类"),
    Column("诉求类别", "category", ColumnType.CHOICE, required=True, choices=_categories, width=28,
           example="劳动报酬／拖欠工资", help="填写到第二级，如“劳动报酬／拖欠工资”。", read=_category_label),
    Column("来源", "source", ColumnType.CHOICE, choices=Source.choices, example="直接来信来访", width=14,
           help="不填为直接来信来访。"),
    Column("转送/交办机关", "source_org", width=20, read=lambda p: p.source_org.name if p.source_org_id else "",
           help="来源为转送或上级交办时填写机关名称。"),
    Column("转送/交办文号", "source_ref", width=18, help="填写了文号的，再次导入时以文号识别。"),
    Column("信访人", "name", required=True, example="张三", width=12, read=_person_cell("name"),
           help="第一位信访人的姓名（集体访为第一位代表）。"),
    Column("信访人身份", "role", ColumnType.CHOICE, choices=ROLES, example="主信访人", width=12,
           read=_person_cell("role"), help="不填为主信访人。"),
    Column("身份证号", "id_number", example="", width=22, read=_person_cell("id_number"),
           help="18位居民身份证号；请把该列设为“文本”格式。"),
    Column("联系电话", "phone", example="13812345678", width=16, read=_person_cell("phone")),
    Column("性别", "gender", ColumnType.CHOICE, choices=Gender.choices, example="", width=8,
           read=_person_cell("gender")),
    Column("住址", "address", example="", width=24, read=_person_cell("address")),
    Column("其他信访人", "others", example="", width=30, read=_others,
           help="第二位起的信访人，每人一项“姓名/身份/身份证号/联系电话”，多人用“；”分隔，如“李四/代表/…/…”。"),
    Column("人数", "people_count", ColumnType.INTEGER, example="1", width=8, help="不填为1。"),
    Column("被反映单位", "employer", example="深圳市鸿运电子有限公司", width=28,
           read=lambda p: p.employer.name if p.employer_id else ""),
    Column("被反映单位信用代码", "employer_code", width=22,
           read=lambda p: p.employer.credit_code if p.employer_id else "",
           help="有代码的单位以代码识别；单位不在册的，导入时新增。"),
    Column("涉及金额", "amount", ColumnType.DECIMAL, example="", width=12),
    Column("信访请求", "request", required=True, example="请求支付拖欠的工资", width=30),
    Column("事实", "facts", required=True, example="2026年4月至5月工资未发", width=30),
    Column("理由", "reasons", required=True, example="用人单位应当按时足额支付劳动报酬", width=30),
    Column("紧急重大", "is_urgent", ColumnType.BOOLEAN, example="否", width=10),
    Column("保密", "is_confidential", ColumnType.BOOLEAN, example="", width=8,
           help="不填则检举控告类保密，其他不保密。"),
    Column("责任组织", "org", ColumnType.ORGANISATION, example="", width=20,
           help="名称或组织代码，须在您的管辖范围内；不填则为导入时选择的组织。"),
    Column("处理意见", "outcome", ColumnType.CHOICE, choices=Outcome.choices, example="", width=12,
           help="历史办结件填写；填写处理意见和答复日期的，按已办结导入，不再提醒。"),
    Column("处理意见书正文", "decision_text", example="", width=30),
    Column("法律政策依据", "legal_basis", example="", width=24),
    Column("答复日期", "replied_on", ColumnType.DATE, example="", width=12),
    Column("送达方式", "delivery", ColumnType.CHOICE, choices=Delivery.choices, example="", width=12),
    Column("追回金额", "amount_recovered", ColumnType.DECIMAL, example="", width=12),
    Column("满意度评价", "rating", ColumnType.CHOICE, choices=Rating.choices, example="", width=12),
    Column("评价方式", "rating_method", ColumnType.CHOICE, choices=RatingMethod.choices, example="", width=12),
    Column("评价日期", "rated_on", ColumnType.DATE, example="", width=12, help="不填为答复日期。"),
)  # fmt: skip

# An action's error field → the column it is shown in.
FIELD_COLUMN = {"petitioners": "name", "new_employer": "employer"}


def _add_errors(problems: Problems, row: Row, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        field = FIELD_COLUMN.get(name, name)
        for message in messages:
            problems.add(row, field if problems.kind.column(field) else "", message)


def _others_of(text: str, row: Row, problems: Problems) -> list[PetitionerIn] | None:
    people = []
    for i, item in enumerate(t for t in text.replace(";", "；").split("；") if t.strip()):
        parts = [x.strip() for x in item.split("/")] + ["", "", "", ""]
        name, standing, number, phone = parts[:4]
        if standing and standing not in ROLE_BY_LABEL:
            problems.add(row, "others", f"第{i + 2}位信访人的身份应为：{'、'.join(ROLE_BY_LABEL)}。")
            return None
        people.append(
            PetitionerIn.model_construct(
                name=name,
                role=ROLE_BY_LABEL.get(standing, PetitionerRole.CO),
                id_number=idnumber.normalize(number),
                phone=phone,
                gender="",
                address="",
            )
        )
    return people


def _bodies(ctx: ImportContext) -> dict[str, int]:
    cached = ctx.state.get("_bodies")
    if cached is None:
        cached = ctx.state["_bodies"] = {}
        for pk, name in Org.objects.routable().values_list("pk", "name"):
            cached.setdefault(name, pk)
    return cached


def _input(row: Row, ctx: ImportContext, problems: Problems) -> PetitionImportIn | None:
    """The row as the action's input (``model_construct``: the action checks every limit itself, in Chinese)."""
    v = row.values
    text = lambda name: limits.clean_text(v.get(name) or "")  # noqa: E731
    first = PetitionerIn.model_construct(
        name=text("name"),
        role=v.get("role") or PetitionerRole.MAIN,
        id_number=idnumber.normalize(text("id_number")),
        phone=text("phone"),
        gender=v.get("gender") or "",
        address=text("address"),
    )
    others = _others_of(text("others"), row, problems) if text("others") else []
    if others is None:
        return None
    source_org = text("source_org")
    body_id = _bodies(ctx).get(source_org) if source_org else None
    org = v.get("org") or ctx.org or (ctx.user.org if ctx.user is not None else None)
    return PetitionImportIn.model_construct(
        channel=v.get("channel") or "",
        received_at=v.get("received_at"),
        kind=v.get("kind") or "",
        category_id=v.get("category"),
        request=text("request"),
        facts=text("facts"),
        reasons=text("reasons"),
        petitioners=[first, *others],
        people_count=v.get("people_count") or max(1, 1 + len(others)),
        source=v.get("source") or Source.DIRECT,
        source_org_id=body_id,
        source_org_name="" if body_id else source_org,
        source_ref=text("source_ref"),
        employer_id=None,
        new_employer=EmployerNew.model_construct(
            name=text("employer"),
            credit_code=creditcode.normalize(text("employer_code")),
            address="",
            confirm_new=True,
        )
        if text("employer")
        else None,  # fmt: skip
        amount=v.get("amount"),
        is_urgent=bool(v.get("is_urgent")),
        is_confidential=v.get("is_confidential"),
        org_id=org.pk if org is not None else None,
        number=text("number"),
        outcome=v.get("outcome") or "",
        decision_text=text("decision_text"),
        legal_basis=text("legal_basis"),
        replied_on=v.get("replied_on"),
        delivery=v.get("delivery") or "",
        amount_recovered=v.get("amount_recovered"),
        rating=v.get("rating") or "",
        rating_method=v.get("rating_method") or "",
        rated_on=v.get("rated_on"),
    )


def _key(data: PetitionImportIn) -> tuple:
    """The row's natural key (see the module's docstring)."""
    received_on = timezone.localdate(data.received_at)
    first = data.petitioners[0]
    if data.source != Source.DIRECT and data.source_ref:
        return ("ref", data.source_ref)
    if first.id_number:
        return ("id", received_on, first.id_number, data.category_id)
    return ("name", received_on, first.name, data.category_id, data.org_id)


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    if ctx.user is None:
        if not ctx.state.get("_said_user"):
            problems.add_to_file(
                "导入信访件须指定导入用户（import_records --user 用户名）：信访件以其名义登记。"
            )
            ctx.state["_said_user"] = True
        return
    if ctx.org is None and ctx.user.org is None:
        return
    inputs: list[tuple[Row, PetitionImportIn]] = []
    for row in rows:
        if row.bad:
            continue  # a cell that could not be read: its problem is listed, the action is not asked
        data = _input(row, ctx, problems)
        if data is not None and not row.bad:
            inputs.append((row, data))
    try:
        refused = validate_imports(by=ctx.user, rows=[d for _, d in inputs])
    except ActionError as error:
        for row, _ in inputs:
            problems.add(row, "", error.message)
        return
    for i, (row, _) in enumerate(inputs):
        if i in refused:
            _add_errors(problems, row, refused[i])
    good = [(row, data) for i, (row, data) in enumerate(inputs) if i not in refused]
    _match(good, ctx, problems)
    _check_numbers([(row, data) for row, data in good if row.found is None and not row.bad], ctx, problems)
    checked = []
    for row, data in good:
        if row.found is None and not row.bad:
            row.values["_input"] = data
            checked.append(data)
    ctx.state["_checked"] = Checked.of(ctx.user, checked)


def _match(pairs: list[tuple[Row, PetitionImportIn]], ctx: ImportContext, problems: Problems) -> None:
    """Rows already on file (by the natural key, among the petitions the user may see with their petitioners), and
    rows that repeat an earlier row's key: one query a key type for the batch."""
    assert ctx.user is not None
    seen = ctx.seen("petition_key")
    keys = {}
    for row, data in pairs:
        key = _key(data)
        if key in seen:
            problems.add(row, _key_column(key), f"与第{seen[key]}行是同一信访件（识别方法见填写说明）。")
            continue
        seen[key] = row.number
        keys[row.number] = key
    if not keys:
        return
    # Each look-up is led by the key's own index (the reference, the person register's ID number, the
    # petitioner's name) and keeps the petitions the user may see with their petitioners by a probe of each one
    # found (``visible``: a primary-key seek). Led by the scope instead (``mine.filter(pk__in=...)``, or the
    # petitions received in the batch's date range), SQLite walked every petition of the federation: a cost that
    # grew with the petitions on file, batch after batch.
    mine = Petition.objects.visible_to(ctx.user).filter(identity_visible_q(ctx.user))
    on_file: set[tuple] = set()
    refs = {k[1] for k in keys.values() if k[0] == "ref"}
    if refs:
        for ref in (
            Petition.objects.filter(source_ref__in=refs)
            .exclude(source=Source.DIRECT)
            .filter(Exists(mine.filter(pk=OuterRef("pk"))))
            .order_by()
            .values_list("source_ref", flat=True)
        ):
            on_file.add(("ref", ref))
    visible = Exists(mine.filter(pk=OuterRef("petition_id")))
    ids = {k[2] for k in keys.values() if k[0] == "id"}
    if ids:
        # The first petitioners with these numbers, through the person register's ID-number index.
        for number, received_at, category in (
            Petitioner.objects.filter(order=0, person__id_number__in=ids)
            .exclude(person__id_number="")
            .filter(visible)
            .order_by()
            .values_list("id_number", "petition__received_at", "petition__category_id")
        ):
            on_file.add(("id", timezone.localdate(received_at), number, category))
    named = {k[2] for k in keys.values() if k[0] == "name"}
    if named:
        # The first petitioners without an ID number, through the petitioner's name index.
        for name, received_at, category, org in (
            Petitioner.objects.filter(order=0, id_number="", name__in=named)
            .filter(visible)
            .order_by()
            .values_list("name", "petition__received_at", "petition__category_id", "petition__org_id")
        ):
            on_file.add(("name", timezone.localdate(received_at), name, category, org))
    for row, _ in pairs:
        key_of_row = keys.get(row.number)
        if key_of_row is not None and key_of_row in on_file:
            row.found = True


def _key_column(key: tuple) -> str:
    return {"ref": "source_ref", "id": "id_number", "name": "name"}[key[0]]


def _check_numbers(pairs: list[tuple[Row, PetitionImportIn]], ctx: ImportContext, problems: Problems) -> None:
    """A kept number is unique: not on file (anywhere: numbers are the installation's), not twice in the file."""
    seen = ctx.seen("number")
    wanted: dict[str, Row] = {}
    federations: dict[int, Org | None] = ctx.state.setdefault("_federations", {})
    for row, data in pairs:
        if not data.number:
            continue
        org_id = data.org_id
        if org_id not in federations:
            org = Org.objects.filter(pk=org_id or 0).first()
            federations[org_id] = org.federation() if org else None  # type: ignore[index]
        federation = federations[org_id]  # type: ignore[index]
        if federation is None:
            continue
        parts = number_parts(data.number, federation)
        if isinstance(parts, str):
            continue  # said by the action's checks
        number = format_number(federation, *parts)
        data.number = number
        if number in seen:
            problems.add(row, "number", f"与第{seen[number]}行的信访编号重复。")
            continue
        seen[number] = row.number
        wanted[number] = row
    if wanted:
        for number in Petition.objects.filter(number__in=wanted).values_list("number", flat=True):
            problems.add(wanted[number], "number", "该信访编号已被使用。")


def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    assert ctx.user is not None
    new = [row for row in rows if row.found is None and "_input" in row.values]
    ctx.counts["on_file"] += sum(1 for row in rows if row.found is not None)
    if not new:
        return
    try:
        petitions = import_petitions(
            by=ctx.user, rows=[row.values["_input"] for row in new], checked=ctx.state.get("_checked")
        )
    except RowsRefused as refused:
        for i, error in refused.errors.items():
            _add_errors(problems, new[i], error)
        return
    except ActionError as error:
        for row in new:
            problems.add(row, "", error.message)
        return
    ctx.counts["added"] += len(petitions)
    ctx.counts["historical"] += sum(1 for p in petitions if p.replied_on is not None)


def summary(counts: Counter[str]) -> str:
    historical = f"（其中历史办结件{counts['historical']}件）" if counts["historical"] else ""
    return f"新增信访件{counts['added']}件{historical}；{counts['on_file']}件已在册，未改动。"


def records(user, query: Mapping[str, str]):
    """The petition list as its page filters it (``PetitionFilterForm``), through the scope rule, and only the
    petitions whose petitioners the user may see (a confidential one he may not is left out: the export is a
    register of names). Whole ID and phone numbers only for who may see identities."""
    from .forms import PetitionFilterForm

    form = PetitionFilterForm(query or None, user=user)
    filters = form.cleaned_data if form.is_valid() else {}
    return (
        Petition.objects.visible_to(user)
        .matching(user, **filters)
        .filter(identity_visible_q(user))
        .select_related("category__parent", "source_org", "employer", "org")
        .prefetch_related("petitioners")
        .annotate(full_identity=Value(user.can(SEE_IDENTITY)))
        .order_by("received_at", "pk")
    )


KIND = ImportKind(
    key="petitions",
    title="信访件",
    columns=COLUMNS,
    natural_key="有转送/交办文号的，以文号识别；否则以收到日期、第一位信访人的身份证号和诉求类别识别；"
    "没有身份证号的，以收到日期、信访人姓名、诉求类别和责任组织识别（只在您可查看的信访件中识别）。"
    "已在册的信访件再次导入时不作改动。",
    check=check,
    save=save,
    may_import=lambda user: user.can("petitions.register"),
    summary=summary,
    records=records,
    order=40,
)
