"""Handling: extension (延期) and conclusion (办结)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.models import work_calendar
from xinfang.lib import limits
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workdays import CALENDAR_DAYS, due_date
from xinfang.lib.workflow import record_event
from xinfang.policies.models import policy

from ..inputs import ConclusionIn, ExtensionDecisionIn, ExtensionIn, RatingIn, SupervisionIn
from ..models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Clock,
    ClockKind,
    Delivery,
    EventKind,
    Extension,
    Outcome,
    Petition,
    Rating,
    RatingMethod,
)
from ..workflow import FLOW, check_step
from . import reminders
from .clocks import start_clock, stop_clocks


@transaction.atomic
def request_extension(*, petition: Petition, by: User, data: ExtensionIn) -> Extension:
    """Ask to extend the handling period (延期). An approver decides."""
    check_step(petition, "request_extension", by)
    days = data.days
    if petition.extensions.filter(approved=True).exists():
        raise NotAllowed("延期只能批准一次，本件已延期。")
    errors = FieldErrors()
    reason = errors.check_limits(Extension, {"reason": data.reason}, fields=("reason",))["reason"]
    limit = policy("extension_max_days")
    if not isinstance(days, int) or not 1 <= days <= limit:
        errors.add("days", f"延长天数应为1～{limit}日。")
    if not reason:
        errors.add("reason", "请填写延期理由。")
    if petition.extensions.filter(approved__isnull=True).exists():
        errors.add("days", "已有待审批的延期申请。")
    errors.raise_if_any()
    extension = Extension.objects.create(petition=petition, days=days, reason=reason.strip(), requested_by=by)
    record_event(petition, by, EventKind.EXTENSION_REQUESTED, f"申请延期{days}日：{reason.strip()}")
    reminders.ask_extension(extension)
    return extension


@transaction.atomic
def decide_extension(*, extension: Extension, by: User, data: ExtensionDecisionIn) -> Extension:
    """Approve or refuse an extension. Approval moves the handling clock's due date, with an event."""
    petition = extension.petition
    check_step(petition, "decide_extension", by)
    approve = data.approve
    errors = FieldErrors()
    note = errors.check_limits(Extension, {"note": data.note}, fields={"note": "decision_note"})["note"]
    errors.raise_if_any()
    now = timezone.now()
    decided = Extension.objects.filter(pk=extension.pk, approved__isnull=True).update(
        approved=approve, decided_by=by, decided_at=now, decision_note=note.strip()
    )
    if decided == 0:
        raise Conflict("该延期申请已被审批，请刷新页面。")
    summary = f"{'批准' if approve else '不批准'}延期{extension.days}日{('：' + note.strip()) if note.strip() else ''}"
    changes: dict = {"approved": approve, "days": extension.days}
    clock = petition.clocks.running().filter(kind=ClockKind.HANDLING).first()
    if approve and clock is not None:
        deadline = due_date(
            work_calendar(),
            clock.started_on,
            clock.days + extension.days,
            CALENDAR_DAYS,
            roll_forward=bool(policy("deadline_roll_forward")),
        )
        changes |= {"from": clock.due_on.isoformat(), "to": deadline.due_on.isoformat()}
        summary += f"，办理期限由{cn_date(clock.due_on)}延至{cn_date(deadline.due_on)}"
        # A moved deadline is warned about afresh; the notes already made stay in the history.
        Clock.objects.filter(pk=clock.pk).update(
            days=clock.days + extension.days,
            due_on=deadline.due_on,
            due_soon_noted_at=None,
            overdue_noted_at=None,
        )
    record_event(petition, by, EventKind.EXTENSION_DECIDED, summary, **changes)
    reminders.extension_decided(extension)
    extension.refresh_from_db()
    return extension


@transaction.atomic
def conclude_petition(*, petition: Petition, by: User, data: ConclusionIn) -> Petition:
    """Conclude (办结): the decision letter's content and the reply. Stops the handling clock and starts the
    rating window and the review window. The lead unit must have reported first."""
    step = check_step(petition, "conclude", by)
    outcome, replied_on, delivery = data.outcome, data.replied_on, data.delivery
    amount_recovered = data.amount_recovered
    errors = FieldErrors()
    values = errors.check_limits(Petition, data, fields=("decision_text", "legal_basis", "amount_recovered"))
    decision_text, legal_basis = values["decision_text"], values["legal_basis"]
    if outcome not in Outcome.values:
        errors.add("outcome", "请选择处理意见。")
    if not decision_text.strip():
        errors.add("decision_text", "请填写处理意见（事实、理由和结论）。")
    if not legal_basis.strip():
        errors.add("legal_basis", "请填写法律政策依据。")
    today = timezone.localdate()
    if replied_on is None:
        errors.add("replied_on", "请填写答复日期。")
    elif replied_on > today:
        errors.add("replied_on", "答复日期不能晚于今天。")
    elif replied_on < timezone.localdate(petition.received_at):
        errors.add("replied_on", "答复日期不能早于收到日期。")
    if delivery not in Delivery.values:
        errors.add("delivery", "请选择送达方式。")
    if limits.is_negative(amount_recovered):
        errors.add("amount_recovered", "追回金额不能为负数。")
    errors.raise_if_any()
    assert replied_on is not None

    lead = petition.assignments.active().filter(role=AssignmentRole.LEAD).select_related("org").first()
    if lead is not None:
        raise NotAllowed(f"主办单位{lead.org}尚未反馈办理结果，不能办结。")
    FLOW.take(
        petition,
        step=step,
        expected_version=data.version,
        outcome=outcome,
        decision_text=decision_text.strip(),
        legal_basis=legal_basis.strip(),
        replied_on=replied_on,
        delivery=delivery,
        amount_recovered=amount_recovered,
        concluded_by=by,
    )
    late = stop_clocks(petition.clocks.filter(kind=ClockKind.HANDLING), on=replied_on)
    # Assisting units still on the case are finished with it: their assignments close with the case.
    for assignment in petition.assignments.active():
        Assignment.objects.filter(pk=assignment.pk).update(
            status=AssignmentStatus.FINISHED, finished_at=timezone.now(), report="随信访件办结", closed_by=by
        )
        stop_clocks(assignment.clocks.all(), on=replied_on, late_if_after_due=False)
    record_event(
        petition,
        by,
        EventKind.CONCLUDED,
        f"办结：{Outcome(outcome).label}，{cn_date(replied_on)}{Delivery(delivery).label}{late}",
        outcome=outcome,
    )
    reminders.case_closed(petition)
    petition.refresh_from_db()
    start_clock(
        petition=petition,
        kind=ClockKind.RATING,
        trigger_on=replied_on,
        days=policy("rating_window_days"),
        by=by,
    )
    start_clock(
        petition=petition,
        kind=ClockKind.REVIEW_REQUEST,
        trigger_on=replied_on,
        days=policy("review_request_days"),
        by=by,
    )
    return petition


@transaction.atomic
def rate_petition(*, petition: Petition, by: User, data: RatingIn) -> Petition:
    """Record the petitioner's rating (满意度评价) collected by a follow-up. Whoever concluded the case may not
    record its rating; the rating window is a policy (default 30 days after the reply)."""
    step = check_step(petition, "rate", by)
    rating, method, rated_on = data.rating, data.method, data.rated_on
    if by.pk == petition.concluded_by_id:
        raise NotAllowed("办结人不能录入本人所办信访件的满意度评价。")
    errors = FieldErrors()
    if rating not in Rating.values:
        errors.add("rating", "请选择评价结果。")
    if method not in RatingMethod.values:
        errors.add("method", "请选择评价方式。")
    window = petition.clocks.running().filter(kind=ClockKind.RATING).first()
    if rated_on is None:
        errors.add("rated_on", "请填写评价日期。")
    elif rated_on > timezone.localdate():
        errors.add("rated_on", "评价日期不能晚于今天。")
    elif petition.replied_on and rated_on < petition.replied_on:
        errors.add("rated_on", "评价日期不能早于答复日期。")
    elif window is not None and rated_on > window.due_on:
        errors.add("rated_on", f"已超过评价期限（{cn_date(window.due_on)}），不再录入评价。")
    errors.raise_if_any()
    FLOW.take(
        petition,
        step=step,
        expected_version=data.version,
        rating=rating,
        rated_on=rated_on,
        rating_method=method,
        rated_by=by,
    )
    if window is not None:
        stop_clocks(Clock.objects.filter(pk=window.pk), on=rated_on, late_if_after_due=False)
    record_event(
        petition,
        by,
        EventKind.RATED,
        f"满意度评价：{Rating(rating).label}（{RatingMethod(method).label}，{cn_date(rated_on)}）",
        rating=rating,
    )
    petition.refresh_from_db()
    if rating == Rating.DISSATISFIED:
        reminders.report_dissatisfied(petition)
    return petition


@transaction.atomic
def supervise_petition(*, petition: Petition, by: User, data: SupervisionIn) -> Petition:
    """Mark a case as supervised (督办) with a note and, optionally, a date to finish by."""
    check_step(petition, "supervise", by)
    due_on = data.due_on
    errors = FieldErrors()
    note = errors.check_limits(Petition, {"note": data.note}, fields={"note": "supervision_note"})["note"]
    if not note:
        errors.add("note", "请填写督办意见。")
    if due_on is not None and due_on < timezone.localdate():
        errors.add("due_on", "要求完成日期不能早于今天。")
    errors.check_date("due_on", due_on, label="要求完成日期", ahead=True)
    errors.raise_if_any()
    Petition.objects.filter(pk=petition.pk).update(
        supervised_at=timezone.now(),
        supervised_by=by,
        supervision_note=note.strip(),
        supervision_due_on=due_on,
    )
    until = f"，要求{cn_date(due_on)}前办结" if due_on else ""
    record_event(petition, by, EventKind.SUPERVISED, f"督办：{note.strip()}{until}")
    petition.refresh_from_db()
    return petition
