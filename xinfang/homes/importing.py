"""职工之家验收: the import kind of first inspections (验收), its export and its template (docs/imports.md).

Natural key: the unit inspected (受检单位: the grassroots union's or the employer's name) and the inspection date
(验收日期). A row whose unit was already inspected that day is on file: it is skipped and counted, so a second
import of the same file adds nothing. Re-inspections (复查) are recorded on the inspection's page, not imported.
The scores are one cell, in the order of the numbers of the year's checklist (``18、20、15``); each row is saved
by ``record_inspection``, the same action as the page and the API.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import pydantic
from django.core.exceptions import ValidationError

from xinfang.imports.registry import Column, ColumnType, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row, per_row
from xinfang.lib import creditcode
from xinfang.lib.apifields import api_messages, with_titles
from xinfang.lib.exceptions import NotAllowed
from xinfang.orgs.models import Employer, OrgKind

from .actions import record_inspection
from .inputs import InspectionIn, ScoreIn
from .models import Inspection, Result

SEPARATORS = re.compile(r"[、,，;；\s]+")


def _scores_text(inspection: Inspection) -> str:
    scores = sorted(inspection.scores.all(), key=lambda s: s.item.number)
    return "、".join(f"{s.score.normalize():f}" for s in scores)


COLUMNS = (
    Column("验收日期", "inspected_on", ColumnType.DATE, required=True, example="2026-06-10", width=14),
    Column("受检基层工会", "union", ColumnType.ORGANISATION, width=26,
           choices=lambda ctx: ctx.org_choices(lambda org: org.kind == OrgKind.GRASSROOTS),
           help="在您管辖范围内的基层工会（名称或组织代码）；与受检用人单位至少填一项。"),
    Column("受检用人单位", "employer", width=30,
           read=lambda r: r.employer.name if r.employer_id else "",
           help="已在册用人单位的名称或统一社会信用代码；与受检基层工会至少填一项。"),
    Column("验收人员", "inspectors", required=True, example="张三、李四", width=20),
    Column("各项得分", "scores", required=True, example="18、20、15、25", width=24, read=_scores_text,
           help="按验收日期所在年度验收标准的序号顺序填写每一项的得分，以顿号或逗号分隔；每项不超过该项满分。"),
    Column("验收结果", "result", ColumnType.CHOICE, required=True, choices=Result.choices, example="合格", width=10),
    Column("复查日期", "reinspect_by", ColumnType.DATE, width=14, help="验收结果为“限期整改”时必填，其他情况不填。"),
    Column("备注", "note", width=30),
    Column("验收组织", "org", ColumnType.ORGANISATION, width=20,
           help="登记该验收的组织，须在您的管辖范围内；不填则为导入时选择的组织。"),
)  # fmt: skip


def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
    seen = ctx.seen("unit_day")
    for row in rows:
        if not row.good("union") and not row.good("employer") and not {"union", "employer"} & row.bad:
            problems.add(row, "union", "请填写受检基层工会或受检用人单位。")
        if row.good("scores"):
            try:
                row.values["score_list"] = [Decimal(p) for p in SEPARATORS.split(row["scores"].strip()) if p]
            except InvalidOperation:
                problems.add(row, "scores", "各项得分须为数字，以顿号或逗号分隔。")
    _match_employers(rows, problems)
    for row in rows:
        if row.bad or row["inspected_on"] is None:
            continue
        unit = row["union"].name if row["union"] is not None else row.values.get("employer_name", "")
        key = (unit, row["inspected_on"])
        if key in seen:
            problems.add(row, "inspected_on", f"与第{seen[key]}行是同一单位同一天的验收。")
        else:
            seen[key] = row.number
        row.found = Inspection.objects.filter(
            reinspection_of__isnull=True, unit_name=unit, inspected_on=row["inspected_on"]
        ).exists()


def _match_employers(rows: list[Row], problems: Problems) -> None:
    named = {row["employer"] for row in rows if row.good("employer")}
    if not named:
        return
    codes = {creditcode.normalize(n) for n in named}
    on_file = Employer.objects.active().filter(name__in=named).values_list("pk", "name", "credit_code")
    by_code = {
        code: (pk, name)
        for pk, name, code in Employer.objects.active().filter(credit_code__in=codes).exclude(credit_code="")
        .values_list("pk", "name", "credit_code")
    }
    by_name: dict[str, list[tuple[int, str]]] = {}
    for pk, name, _ in on_file:
        by_name.setdefault(name, []).append((pk, name))
    for row in rows:
        if not row.good("employer"):
            continue
        text = row["employer"].strip()
        match = by_code.get(creditcode.normalize(text))
        if match is None and len(by_name.get(text, [])) == 1:
            match = by_name[text][0]
        if match is not None:
            row.values["employer_id"], row.values["employer_name"] = match
        elif text in by_name:
            problems.add(row, "employer", "有多家单位同名，请改填其统一社会信用代码。")
        else:
            problems.add(row, "employer", "未找到该用人单位：请先导入用人单位，或填写其统一社会信用代码。")


def _save_row(row: Row, ctx: ImportContext) -> None:
    if ctx.user is None:
        raise NotAllowed("导入职工之家验收须指定导入用户（--user）。")
    if row.found:
        ctx.counts["on_file"] += 1
        return
    org = row["org"] or ctx.org
    try:
        data = InspectionIn.model_validate(
            {
            "inspected_on": row["inspected_on"],
            "union_id": row["union"].pk if row["union"] is not None else None,
            "employer_id": row.values.get("employer_id"),
            "inspectors": row["inspectors"] or "",
            "scores": [ScoreIn(number=i, score=s) for i, s in enumerate(row.values["score_list"], start=1)],
            "result": row["result"],
            "reinspect_by": row["reinspect_by"],
            "note": row["note"] or "",
            "org_id": org.pk if org is not None else None,
            }
        )
    except pydantic.ValidationError as e:
        messages = api_messages(with_titles(InspectionIn, e.errors()))
        raise ValidationError(
            {key.split(".")[0].removesuffix("_id"): texts for key, texts in messages.items()}
        ) from None
    record_inspection(by=ctx.user, data=data)
    ctx.counts["created"] += 1


def summary(counts: Counter[str]) -> str:
    return f"新增职工之家验收{counts['created']}条；已在册（同一单位同一验收日期）{counts['on_file']}条，未重复登记。"


def records(user, query: Mapping[str, str]):
    """The inspections the list shows, as filtered (for the export)."""
    from .listing import filtered

    return filtered(user, query).select_related("employer", "org", "union").prefetch_related("scores__item")


KIND = ImportKind(
    key="homes",
    title="职工之家验收",
    columns=COLUMNS,
    natural_key="受检单位（基层工会或用人单位的名称）与验收日期：同一单位同一天的验收已在册的，该行不重复登记。"
    "只导入首次验收；复查在验收页面登记。",
    check=check,
    save=per_row(_save_row),
    may_import=lambda user: user.can("homes.inspect"),
    summary=summary,
    records=records,
    order=60,
)
