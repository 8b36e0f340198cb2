"""Recording inspections (验收) and re-inspections (复查) of workers' homes, and their honours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.ledgerkit.saving import create_record, owning_org, require, require_owner, update_record
from xinfang.lib import creditcode
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Org, OrgKind

from .inputs import HonourIn, InspectionIn, ReinspectionIn, ScoreIn
from .models import (
    Checklist,
    ChecklistItem,
    EventKind,
    Honour,
    HonourKind,
    HonourLevel,
    Inspection,
    Result,
    Score,
    scores_text,
)
from .workflow import FLOW

ABILITY = "homes.inspect"
NOUN = "职工之家验收"
LIMITED = ("inspected_on", "inspectors", "note", "unit_name")


def checklist_for(year: int) -> Checklist | None:
    """The checklist of a year (验收标准), with its items."""
    return Checklist.objects.filter(year=year).prefetch_related("items").first()


def _check_scores(
    errors: FieldErrors, checklist: Checklist, scores: Sequence[ScoreIn]
) -> tuple[list[tuple[ChecklistItem, Decimal]], Decimal]:
    """Every item of the checklist scored once, within its full marks; the scores by item and their total."""
    items = {item.number: item for item in checklist.items.all()}
    given: dict[int, Decimal] = {}
    for s in scores:
        item = items.get(s.number)
        if item is None:
            errors.add("score_list", f"{checklist.year}年度验收标准中没有第{s.number}项。")
        elif s.number in given:
            errors.add("score_list", f"第{s.number}项“{item.title}”重复评分。")
        elif s.score is None or s.score < 0:
            errors.add("score_list", f"第{s.number}项“{item.title}”的得分不能为负数。")
        elif s.score > item.max_score:
            errors.add(
                "score_list",
                f"第{s.number}项“{item.title}”的得分（{s.score}）超过该项满分（{item.max_score}分）。",
            )
        else:
            given[s.number] = s.score
    missing = [f"第{n}项" for n in sorted(items) if n not in given and n not in {s.number for s in scores}]
    if missing:
        errors.add("score_list", f"以下验收项目尚未评分：{'、'.join(missing)}。")
    scored = [(items[n], score) for n, score in sorted(given.items())]
    return scored, sum((score for _, score in scored), start=Decimal(0))


def _check_result(
    errors: FieldErrors, *, result: str, total: Decimal, checklist: Checklist, inspected_on, reinspect_by
) -> None:
    if result not in Result.values:
        errors.add("result", "请选择验收结果（合格、不合格或限期整改）。")
        return
    if result == Result.PASSED and checklist.pass_score is not None and total < checklist.pass_score:
        errors.add(
            "result",
            f"总分{total}分低于{checklist.year}年度验收标准的合格分数线（{checklist.pass_score}分），不能评为合格。",
        )
    if result == Result.RECTIFY:
        if reinspect_by is None:
            errors.add("reinspect_by", "限期整改须填写复查日期。")
        else:
            errors.check_date("reinspect_by", reinspect_by, label="复查日期", ahead=True)
            if inspected_on is not None and reinspect_by <= inspected_on:
                errors.add("reinspect_by", "复查日期须晚于验收日期。")
    elif reinspect_by is not None:
        errors.add("reinspect_by", "只有限期整改才填写复查日期。")


def _save_scores(inspection: Inspection, scored: list[tuple[ChecklistItem, Decimal]]) -> None:
    Score.objects.bulk_create(
        [Score(inspection=inspection, item=item, score=score) for item, score in scored]
    )
    text_ = scores_text(score for _, score in scored)
    Inspection.objects.filter(pk=inspection.pk).update(score_list=text_)
    inspection.score_list = text_


def find_employer(text_: str) -> tuple[Employer | None, str]:
    """The employer named by its credit code or exact name (not merged away), or why none: (None, message)."""
    text_ = (text_ or "").strip()
    code = creditcode.normalize(text_)
    found = list(Employer.objects.active().filter(credit_code=code).exclude(credit_code="")[:1])
    if not found:
        found = list(Employer.objects.active().filter(name=text_)[:2])
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, "有多家单位同名，请改填其统一社会信用代码。"
    return None, "用人单位名录中没有该单位：请先登记用人单位，或填写其统一社会信用代码。"


def _unit(errors: FieldErrors, by: User, union_id: int | None, employer_text: str):
    """The grassroots union (in the user's scope) and/or the employer (in the register, not merged away)."""
    union = employer = None
    if union_id:
        union = Org.objects.visible_to(by).filter(pk=union_id, kind=OrgKind.GRASSROOTS).first()
        if union is None:
            errors.add("union", "所选基层工会不存在或不在您的管辖范围内。")
    if employer_text:
        employer, problem = find_employer(employer_text)
        if problem:
            errors.add("employer", problem)
    if not union_id and not employer_text:
        errors.add("union", "请选择受检基层工会或填写受检用人单位。")
    return union, employer


def _checked(by: User, data: InspectionIn, inspection: Inspection | None = None):
    """The create and update checks; the fields to save, the scores, and the total."""
    errors = FieldErrors()
    errors.check_limits(Inspection, data, fields=LIMITED)
    if not data.inspectors:
        errors.add("inspectors", "请填写验收人员。")
    org = owning_org(by, data.org_id, errors)
    union, employer = _unit(errors, by, data.union_id, data.employer)
    checklist = checklist_for(data.inspected_on.year) if data.inspected_on else None
    scored: list[tuple[ChecklistItem, Decimal]] = []
    total = Decimal(0)
    if data.inspected_on is None:
        errors.add("inspected_on", "请填写验收日期。")
    elif checklist is None:
        errors.add(
            "inspected_on",
            f"{data.inspected_on.year}年度尚无职工之家验收标准，请系统管理员先在“系统管理”中录入。",
        )
    else:
        scored, total = _check_scores(errors, checklist, data.score_list)
        _check_result(
            errors,
            result=data.result,
            total=total,
            checklist=checklist,
            inspected_on=data.inspected_on,
            reinspect_by=data.reinspect_by,
        )
    unit_name = data.unit_name or (union.name if union else employer.name if employer else "")
    if unit_name and data.inspected_on:
        same = Inspection.objects.filter(unit_name=unit_name[:100], inspected_on=data.inspected_on)
        if inspection is not None:
            same = same.exclude(pk=inspection.pk)
        if same.exists():
            errors.add("inspected_on", f"“{unit_name}”在该日期的验收已登记。")
    errors.raise_if_any()
    assert org is not None and checklist is not None
    fields = {
        "org": org,
        "union": union,
        "employer": employer,
        "unit_name": unit_name[:100],
        "inspected_on": data.inspected_on,
        "inspectors": data.inspectors,
        "checklist": checklist,
        "total_score": total,
        "result": data.result,
        "status": data.result,
        "reinspect_by": data.reinspect_by,
        "note": data.note,
    }
    return fields, scored


def check_inspection(*, by: User, data: InspectionIn) -> None:
    """The checks of ``create_inspection`` alone (an import's check): refuses as it would, saves nothing."""
    require(by, ABILITY, "登记职工之家验收")
    _checked(by, data)


@transaction.atomic
def create_inspection(*, by: User, data: InspectionIn, imported: bool = False) -> Inspection:
    """A first inspection (验收), scored against the checklist of its year."""
    require(by, ABILITY, "登记职工之家验收")
    fields, scored = _checked(by, data)
    summary = f"验收：总分{fields['total_score']}分，{Result(data.result).label}"
    inspection = create_record(Inspection, by=by, fields=fields, summary=summary, imported=imported)
    _save_scores(inspection, scored)
    return inspection


@transaction.atomic
def update_inspection(*, inspection: Inspection, by: User, data: InspectionIn) -> Inspection:
    """Correct a first inspection that has no re-inspection yet (a re-inspected one is history: its chain's
    status follows the re-inspections)."""
    require_owner(inspection, by, ABILITY, "修改职工之家验收")
    if inspection.reinspection_of_id is not None or inspection.reinspections.exists():
        raise NotAllowed("已复查的验收和复查记录不能修改。")
    fields, scored = _checked(by, data, inspection)
    before = {s.item_id: s.score for s in inspection.scores.all()}
    inspection = update_record(inspection, by=by, expected_version=data.version, fields=fields, noun=NOUN)
    if before != {item.pk: score for item, score in scored}:
        inspection.scores.all().delete()
        _save_scores(inspection, scored)
    return inspection


@transaction.atomic
def record_reinspection(*, inspection: Inspection, by: User, data: ReinspectionIn) -> Inspection:
    """A re-inspection (复查) of a first inspection that ended in 限期整改, scored against the same checklist; its
    result becomes the first inspection's status (and a new 复查日期 when it is 限期整改 again)."""
    step = FLOW.check(inspection, "reinspect", by)
    if inspection.status != Result.RECTIFY:  # the kit checked the status; kept for input built in code
        raise NotAllowed("该验收不是限期整改，不能复查。")
    errors = FieldErrors()
    errors.check_limits(Inspection, data, fields=("inspected_on", "inspectors", "note"))
    if not data.inspectors:
        errors.add("inspectors", "请填写验收人员。")
    checklist = Checklist.objects.prefetch_related("items").get(pk=inspection.checklist_id)
    scored, total = _check_scores(errors, checklist, data.score_list)
    last: date = (
        inspection.reinspections.aggregate(last=Max("inspected_on"))["last"] or inspection.inspected_on
    )
    if data.inspected_on is not None and data.inspected_on < last:
        errors.add("inspected_on", f"复查日期不能早于上次验收（{last:%Y-%m-%d}）。")
    _check_result(
        errors,
        result=data.result,
        total=total,
        checklist=checklist,
        inspected_on=data.inspected_on,
        reinspect_by=data.reinspect_by,
    )
    errors.raise_if_any()
    FLOW.take(
        inspection,
        step=step,
        expected_version=data.version,
        status=data.result,
        reinspect_by=data.reinspect_by,
        reinspect_noted_at=None,
    )
    again = Inspection.objects.create(
        org=inspection.org,
        union_id=inspection.union_id,
        employer_id=inspection.employer_id,
        unit_name=inspection.unit_name,
        inspected_on=data.inspected_on,
        inspectors=data.inspectors,
        checklist=checklist,
        total_score=total,
        result=data.result,
        status=data.result,
        reinspect_by=data.reinspect_by,
        reinspection_of=inspection,
        note=data.note,
        created_by=by,
    )
    _save_scores(again, scored)
    inspection.refresh_from_db()
    record_event(
        inspection,
        by,
        EventKind.REINSPECTED,
        f"复查（{data.inspected_on:%Y-%m-%d}）：总分{total}分，{Result(data.result).label}",
        reinspection=again.pk,
        result=data.result,
        total_score=str(total),
        reinspect_by=str(data.reinspect_by or ""),
    )
    return again


def _honour_unit(errors: FieldErrors, by: User, data: HonourIn):
    union = employer = None
    if data.union_id:
        union = Org.objects.visible_to(by).filter(pk=data.union_id, kind=OrgKind.GRASSROOTS).first()
        if union is None:
            errors.add("union", "所选基层工会不存在或不在您的管辖范围内。")
    if data.employer_id:
        employer = Employer.objects.visible_to(by).active().filter(pk=data.employer_id).first()
        if employer is None:
            errors.add("employer", "所选用人单位不存在或已合并到其他单位。")
    elif data.employer.strip():
        employer, problem = find_employer(data.employer)
        if problem:
            errors.add("employer", problem)
    if not data.union_id and not data.employer_id and not data.employer.strip():
        errors.add("union", "请选择基层工会或用人单位。")
    return union, employer


def _checked_honour(by: User, data: HonourIn):
    """``record_honour``'s checks: (organisation, union, employer, the unit's name), or its ``ValidationError``."""
    if not by.can("homes.honour") or by.org is None:
        raise NotAllowed("您的角色不能登记职工之家荣誉。")
    errors = FieldErrors()
    errors.check_limits(Honour, data, fields=("unit_name", "awarded_by", "year"))
    org = owning_org(by, data.org_id, errors)
    union, employer = _honour_unit(errors, by, data)
    if data.kind not in HonourKind.values:
        errors.add("kind", "请选择称号类别。")
    if data.level not in HonourLevel.values:
        errors.add("level", "请选择级别。")
    if not data.awarded_by:
        errors.add("awarded_by", "请填写授予机关。")
    today = timezone.localdate()
    if data.year and data.year > today.year:
        errors.add("year", f"年度不能晚于{today.year}年。")
    errors.raise_if_any()
    unit = data.unit_name or (union.name if union is not None else employer.name)  # type: ignore[union-attr]
    if Honour.objects.filter(unit_name=unit, kind=data.kind, level=data.level, year=data.year).exists():
        errors.add("unit_name", f"“{unit}”{data.year}年的该项荣誉已登记。")
        errors.raise_if_any()
    assert org is not None
    return org, union, employer, unit


def check_honour(*, by: User, data: HonourIn) -> None:
    """The checks of ``record_honour`` alone (an import's check): refuses as it would, saves nothing."""
    _checked_honour(by, data)


@transaction.atomic
def record_honour(*, by: User, data: HonourIn, imported: bool = False) -> Honour:
    """An honour (模范职工之家, 模范职工小家) awarded to a union or employer's home in a year. A 职工小家 is a
    workshop or team: its name goes in ``unit_name`` (the union's or employer's name otherwise). ``imported``:
    saved by an import (数据导入), with the same checks."""
    org, union, employer, unit = _checked_honour(by, data)
    return Honour.objects.create(
        org=org,
        union=union,
        employer=employer,
        unit_name=unit[:100],
        kind=data.kind,
        level=data.level,
        awarded_by=data.awarded_by,
        year=data.year,
        registered_by=by,
    )
