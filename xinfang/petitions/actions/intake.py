"""The intake decision (受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import Conflict
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Org, find_or_record_body
from xinfang.policies.models import policy

from ..inputs import IntakeDecisionIn
from ..models import (
    REJECT_REASONS_IN_FORCE,
    ClockKind,
    EventKind,
    IntakeDecision,
    Petition,
    RejectReason,
)
from ..workflow import FLOW, check_step
from .clocks import moment_of, start_clock, stop_clocks


@transaction.atomic
def decide_intake(*, petition: Petition, by: User, data: IntakeDecisionIn) -> Petition:
    """Decide whether and how a registered petition will be handled (``data.decision``: 受理 / 不予受理 / 转送 /
    告知另行提出 / 导入法定程序). Stops the intake clock; acceptance starts the handling clock. ``decided_on``
    (default today) lets a decision made on paper be entered afterwards; the clocks count from it. ``competent_body``: where the
    petitioner is told to go (第二十三条), required for 告知另行提出 and for a rejection as outside the union's
    remit, optional for 导入法定程序, ignored otherwise. A transfer goes to a body of the list
    (``transferred_to_id``) or to one not yet listed (``transferred_to_name``: recorded for an administrator to
    check), never to the owner or a union organisation below it."""
    decision, expected_version, reason_code = data.decision, data.version, data.reason_code
    step = check_step(petition, decision, by)
    if not Petition.objects.filter(pk=petition.pk, version=expected_version).exists():
        # Decided from a page that is out of date: say so before judging its fields (take_step guards the write).
        raise Conflict("该信访件已被他人处理或修改，请刷新页面后重新操作。")
    errors = FieldErrors()
    values = errors.check_limits(
        Petition,
        {"reason": data.reason, "competent_body": data.competent_body},
        fields={"reason": "intake_reason", "competent_body": "competent_body"},
    )
    reason, competent_body = values["reason"], values["competent_body"].strip()
    if decision != IntakeDecision.ACCEPT and not reason:
        errors.add("reason", f"请填写{step.label}的理由或说明。")
    if decision == IntakeDecision.REJECT and reason_code == RejectReason.OTHER:
        errors.add("reason_code", "“其他”不是《信访工作条例》规定的不予受理理由，请选择具体的理由。")
    elif decision == IntakeDecision.REJECT and reason_code not in REJECT_REASONS_IN_FORCE:
        errors.add("reason_code", "请选择不予受理的理由。")
    names_body = decision == IntakeDecision.REFER or (
        decision == IntakeDecision.REJECT and reason_code == RejectReason.OUTSIDE_REMIT
    )
    if names_body and not competent_body:
        errors.add(
            "competent_body", "请填写有权处理的机关（告知信访人向其提出，《信访工作条例》第二十三条）。"
        )
    if not names_body and decision != IntakeDecision.DIVERT:
        competent_body = ""
    target = None
    if decision == IntakeDecision.TRANSFER_OUT:
        target = _transfer_target(petition, data.transferred_to_id, data.transferred_to_name, errors)
    now = timezone.now()
    today = timezone.localdate(now)
    decided_on = data.decided_on or today
    errors.check_date("decided_on", decided_on, label="决定日期")
    if decided_on > today:
        errors.add("decided_on", "决定日期不能晚于今天。")
    elif decided_on < timezone.localdate(petition.received_at):
        errors.add("decided_on", "决定日期不能早于收到日期。")
    errors.raise_if_any()
    decided_at = moment_of(decided_on)
    FLOW.take(
        petition,
        step=step,
        expected_version=expected_version,
        intake_decision=decision,
        intake_decided_at=decided_at,
        intake_reason=reason,
        intake_reason_code=reason_code if decision == IntakeDecision.REJECT else "",
        competent_body=competent_body,
        transferred_to=target,
    )
    late = stop_clocks(
        petition.clocks.filter(kind__in=(ClockKind.INTAKE, ClockKind.OBJECTION)), on=decided_on
    )
    detail_by: dict[str, str] = {
        IntakeDecision.REJECT: f"：{RejectReason(reason_code).label if reason_code else ''}。{reason}",
        IntakeDecision.TRANSFER_OUT: f"至{target}：{reason}",
    }
    detail = detail_by.get(decision, f"：{reason}" if reason else "")
    if competent_body:
        detail += f"（有权处理的机关：{competent_body}）"
    record_event(
        petition,
        by,
        EventKind.INTAKE_DECIDED,
        f"{step.label}{detail}{late}{'' if decided_on == today else f'（{cn_date(decided_on)}决定，补录）'}",
        decision=decision,
        reason=reason,
    )
    petition.refresh_from_db()
    if decision == IntakeDecision.ACCEPT:
        start_clock(
            petition=petition,
            kind=ClockKind.HANDLING,
            trigger_on=decided_on,
            days=policy("handling_days"),
            by=by,
        )
    return petition


def _transfer_target(petition: Petition, pk: int | None, name: str, errors: FieldErrors) -> Org | None:
    """The body a case is transferred to: one of the list, or a new one recorded by its name."""
    name = (name or "").strip()
    if pk and name:
        errors.add("transferred_to", "请从列表中选择转送的机关，或填写未列出的机关名称，二者只填其一。")
        return None
    if not pk and not name:
        errors.add("transferred_to", "请选择转送的机关。")
        return None
    target = (
        Org.objects.routable().filter(pk=pk).first()
        if pk
        else find_or_record_body(name, field="transferred_to")
    )
    if target is None:
        errors.add("transferred_to", "所选转送机关不存在或已停用。")
    elif not Org.objects.transfer_targets(petition.org).filter(pk=target.pk).exists():
        errors.add(
            "transferred_to",
            f"不能转送给{target}：转送是交由有权处理的其他机关办理，不能是本件的责任组织或其下级工会组织"
            "（需要下级办理的，请受理后交办）。",
        )
        return None
    return target


# Fields a registrar may correct after registration.
