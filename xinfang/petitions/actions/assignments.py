"""Assignment (交办) to handling units: assign, take (签收), return (退回), report the result (反馈)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib import limits
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Org, OrgKind
from xinfang.policies.models import policy

from ..inputs import AssignIn, FinishIn, ReturnIn, UnitIn
from ..models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    ClockKind,
    EventKind,
    Petition,
    ReturnReason,
    Status,
)
from ..workflow import FLOW, check_step
from . import reminders
from .clocks import moment_of, start_clock, stop_clocks

HANDLING_UNIT_KINDS = (OrgKind.COMMITTEE, OrgKind.GRASSROOTS, OrgKind.PARTNER)


@transaction.atomic
def assign_petition(*, petition: Petition, by: User, data: AssignIn) -> list[Assignment]:
    """Hand a petition to one or more handling units (交办), each lead or assist with its own due date.
    ``data.on`` (default today) lets an assignment made on paper be entered afterwards."""
    step = check_step(petition, "assign", by)
    units, on = data.units, data.on
    errors = FieldErrors()
    today = timezone.localdate()
    if on is not None and (on > today or on < timezone.localdate(petition.received_at)):
        errors.add("on", "交办日期应在收到日期之后、不晚于今天。")
    instructions = errors.check_limits(Assignment, data, fields=("instructions",))["instructions"]
    today = on or today
    targets = _validate_units(petition, units, today, errors)
    errors.raise_if_any()

    fields: dict = {"status": Status.ASSIGNED} if petition.status == Status.ACCEPTED else {}
    FLOW.take(petition, step=step, expected_version=data.version, **fields)
    created = []
    for unit, org in zip(units, targets, strict=True):
        due_on = unit.due_on or None
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    petition=petition,
                    org=org,
                    role=unit.role,
                    due_on=due_on or today,
                    instructions=instructions,
                    assigned_by=by,
                    assigned_at=moment_of(today),
                )
        except IntegrityError as e:
            raise Conflict(f"{org}已有未办结的交办，或本件已有主办单位，请刷新页面。") from e
        days = (due_on - today).days if due_on else policy("assignment_days")
        clock = start_clock(
            petition=petition,
            kind=ClockKind.ASSIGNMENT,
            trigger_on=today,
            days=days,
            by=by,
            assignment=assignment,
        )
        Assignment.objects.filter(pk=assignment.pk).update(due_on=clock.due_on)
        assignment.due_on = clock.due_on
        record_event(
            petition,
            by,
            EventKind.ASSIGNED,
            f"交办{org}（{assignment.get_role_display()}），{cn_date(clock.due_on)}前反馈",
            assignment=assignment.pk,
            org=org.pk,
            role=unit.role,
        )
        remind(
            users=unit_staff(org),
            kind=ReminderKind.ASSIGNED,
            text=f"{petition.number} 交办本单位{assignment.get_role_display()}，请签收",
            record=petition,
            key=f"assignment:{assignment.pk}:assigned",
        )
        created.append(assignment)
    reminders.returned_case_assigned(petition)
    return created


def _validate_units(petition: Petition, units: list[UnitIn], today: date, errors: FieldErrors) -> list[Org]:
    if not units:
        errors.add("units", "请至少选择一个承办单位。")
        return []
    federation_path = petition.org.path[:6]
    orgs = {
        o.pk: o
        for o in Org.objects.filter(
            pk__in=[u.org_id for u in units], kind__in=HANDLING_UNIT_KINDS, is_active=True
        )
    }
    targets: list[Org] = []
    for i, unit in enumerate(units, start=1):
        org = orgs.get(unit.org_id)
        if org is None or not org.path.startswith(federation_path):
            errors.add("units", f"第{i}个承办单位不存在或不能接受交办。")
            continue
        if unit.role not in AssignmentRole.values:
            errors.add("units", f"{org}：请选择主办或协办。")
        if unit.due_on is not None and unit.due_on < today:
            errors.add("units", f"{org}：办理期限不能早于今天。")
        elif unit.due_on is not None and (
            problem := limits.date_problem(unit.due_on, label="办理期限", ahead=True)
        ):
            errors.add("units", f"{org}：{problem}")
        targets.append(org)
    if len({u.org_id for u in units}) != len(units):
        errors.add("units", "同一单位不能重复交办。")
    leads = sum(u.role == AssignmentRole.LEAD for u in units)
    has_lead = petition.assignments.filter(status__in=ACTIVE_ASSIGNMENT, role=AssignmentRole.LEAD).exists()
    if leads > 1 or (leads and has_lead):
        errors.add("units", "一件信访只能有一个主办单位。")
    if not leads and not has_lead:
        errors.add("units", "请指定一个主办单位。")
    return targets


def _close(assignment: Assignment, *, frm: tuple[str, ...], **fields) -> None:
    updated = Assignment.objects.filter(pk=assignment.pk, status__in=frm).update(**fields)
    if not updated:
        raise Conflict("该交办已被他人处理，请刷新页面。")


def _record_unit_step(
    petition: Petition, assignment: Assignment, by: User, kind: str, step: str, detail: str, /, **changes
) -> None:
    """The event of a unit's step on its assignment: "东湖街道工委会签收", or, taken for the unit by a user of
    another organisation (the federation for a unit without accounts), "区总工会张三代东湖街道工委会签收", with the
    unit's staff told. Either way the unit's 新交办 reminders are settled."""
    unit = reminders.on_behalf(assignment, by)
    changes["assignment"] = assignment.pk
    if unit is None:
        record_event(petition, by, kind, f"{assignment.org}{step}{detail}", **changes)
    else:
        record_event(
            petition, by, kind, f"{by.org}{by.name}代{unit}{step}{detail}", on_behalf_of=unit.pk, **changes
        )
        reminders.tell_unit(petition, assignment, by, step)
    reminders.assignment_answered(petition, assignment)


@transaction.atomic
def take_assignment(*, assignment: Assignment, by: User, expected_version: int | None = None) -> Assignment:
    """The unit acknowledges receipt (签收). The petition is then in handling. ``expected_version``: the
    petition's version on the user's page (default: as read now); a petition changed since is a Conflict."""
    petition = Petition.objects.select_related("org").get(pk=assignment.petition_id)
    step = check_step(petition, "take", by, assignment)
    now = timezone.now()
    version = petition.version if expected_version is None else expected_version
    FLOW.take(petition, step=step, expected_version=version)
    _close(
        assignment, frm=(AssignmentStatus.PENDING,), status=AssignmentStatus.TAKEN, taken_by=by, taken_at=now
    )
    _record_unit_step(
        petition,
        assignment,
        by,
        EventKind.TAKEN,
        "签收",
        f"（{assignment.get_role_display()}）",
    )
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def return_assignment(*, assignment: Assignment, by: User, data: ReturnIn) -> Assignment:
    """The unit hands the assignment back (退回) with a reason code. It goes back to whoever dispatched it; with
    no other unit left on it, the petition waits for a new assignment. The petition's version goes up, checked
    against ``data.version`` (default: as read now), so that two units returning at once cannot both leave
    it waiting on the other."""
    petition = Petition.objects.select_related("org").get(pk=assignment.petition_id)
    step = check_step(petition, "return", by, assignment)
    reason, expected_version = data.reason, data.version
    errors = FieldErrors()
    note = errors.check_limits(Assignment, {"note": data.note}, fields={"note": "return_note"})["note"]
    if reason not in ReturnReason.values:
        errors.add("reason", "请选择退回原因。")
    if reason == ReturnReason.OTHER and not note:
        errors.add("note", "退回原因为“其他”时请写明理由。")
    errors.raise_if_any()
    today = timezone.localdate()
    others = petition.assignments.filter(status__in=ACTIVE_ASSIGNMENT).exclude(pk=assignment.pk).exists()
    version = petition.version if expected_version is None else expected_version
    FLOW.take(
        petition, step=step, expected_version=version, **({} if others else {"status": Status.ACCEPTED})
    )
    _close(
        assignment,
        frm=ACTIVE_ASSIGNMENT,
        status=AssignmentStatus.RETURNED,
        returned_at=timezone.now(),
        return_reason=reason,
        return_note=note.strip(),
        closed_by=by,
    )
    stop_clocks(assignment.clocks.all(), on=today, late_if_after_due=False)
    label = ReturnReason(reason).label
    _record_unit_step(
        petition,
        assignment,
        by,
        EventKind.RETURNED,
        "退回",
        f"：{label}{('，' + note.strip()) if note.strip() else ''}",
        reason=reason,
    )
    remind(
        users=[assignment.assigned_by],
        kind=ReminderKind.RETURNED,
        text=f"{petition.number} 被{assignment.org}退回：{label}",
        record=petition,
        key=f"assignment:{assignment.pk}:returned",
    )
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def finish_assignment(*, assignment: Assignment, by: User, data: FinishIn) -> Assignment:
    """The unit reports its handling result (反馈办理结果); the responsible organisation then concludes.
    ``data.on`` (default today) is the day the result was reported, for entries made afterwards."""
    petition = Petition.objects.select_related("org").get(pk=assignment.petition_id)
    check_step(petition, "finish_assignment", by, assignment)
    if assignment.status != AssignmentStatus.TAKEN:
        raise NotAllowed("请先签收，再反馈办理结果。")
    errors = FieldErrors()
    report = errors.check_limits(Assignment, {"report": data.report}, fields=("report",))["report"]
    errors.raise_if_any()
    if not report:
        raise field_error("report", "请填写办理结果。")
    on = data.on
    today = timezone.localdate()
    if on is not None and (on > today or on < timezone.localdate(assignment.assigned_at)):
        raise field_error("on", "反馈日期应在交办日期之后、不晚于今天。")
    today = on or today
    _close(
        assignment,
        frm=(AssignmentStatus.TAKEN,),
        status=AssignmentStatus.FINISHED,
        finished_at=moment_of(today),
        report=report.strip(),
        closed_by=by,
    )
    late = stop_clocks(assignment.clocks.all(), on=today)
    _record_unit_step(
        petition,
        assignment,
        by,
        EventKind.ASSIGNMENT_FINISHED,
        "反馈办理结果",
        f"{late}：{report.strip()}",
    )
    remind(
        users=[assignment.assigned_by],
        kind=ReminderKind.FINISHED,
        text=f"{petition.number} {assignment.org}已反馈办理结果",
        record=petition,
        key=f"assignment:{assignment.pk}:finished",
    )
    assignment.refresh_from_db()
    return assignment
