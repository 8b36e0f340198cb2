"""After the reply: reopening after 不满意 (重办), review (复查), re-review (复核), hearings, termination (终结)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.actions import is_old_news
from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib.cnformat import cn_date
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors, field_error
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Org, OrgKind
from xinfang.policies.models import policy

from ..inputs import HearingIn, ReopenIn, ReviewDecisionIn, ReviewRequestIn
from ..models import (
    REQUEST_WINDOWS,
    Clock,
    ClockKind,
    EventKind,
    Petition,
    PetitionEvent,
    Rating,
    Review,
    ReviewDirection,
    ReviewLevel,
    ReviewResult,
    Status,
    TerminationReason,
)
from ..workflow import APPROVE, FLOW, check_step
from . import reminders
from .clocks import pause_clock, resume_clock, start_clock, stop_clocks

# level -> (request step, decision step, request window clock, decision clock, decision days policy)
LEVELS = {
    ReviewLevel.REVIEW: (
        "request_review",
        "decide_review",
        ClockKind.REVIEW_REQUEST,
        ClockKind.REVIEW,
        "review_decision_days",
    ),
    ReviewLevel.RE_REVIEW: (
        "request_re_review",
        "decide_re_review",
        ClockKind.RE_REVIEW_REQUEST,
        ClockKind.RE_REVIEW,
        "re_review_decision_days",
    ),
}


@transaction.atomic
def reopen_petition(*, petition: Petition, by: User, data: ReopenIn) -> Petition:
    """重新办理: after a 不满意 rating an approver sends the case back into handling with a new handling clock."""
    step = check_step(petition, "reopen", by)
    if petition.rating != Rating.DISSATISFIED:
        raise NotAllowed("只有评价为“不满意”的信访件可以重新办理。")
    errors = FieldErrors()
    reason = errors.check_text("reason", data.reason, label="重新办理理由", max_length=500)
    errors.raise_if_any()
    if not reason:
        raise field_error("reason", "请填写重新办理的理由。")
    FLOW.take(petition, step=step, expected_version=data.version)
    today = timezone.localdate()
    stop_clocks(petition.clocks.filter(kind=ClockKind.REVIEW_REQUEST), on=today, late_if_after_due=False)
    record_event(petition, by, EventKind.REOPENED, f"重新办理：{reason.strip()}")
    reminders.dissatisfaction_answered(petition)
    start_clock(
        petition=petition,
        kind=ClockKind.HANDLING,
        trigger_on=today,
        days=policy("reopen_handling_days"),
        by=by,
    )
    petition.refresh_from_db()
    return petition


def review_bodies(petition: Petition) -> list[Org]:
    """Who can review this petition's decision: the unions above the deciding one inside the federation, and
    the upper federations (a review of the federation's own decision is sent up)."""
    above = [int(petition.org.path[i : i + 6]) for i in range(0, len(petition.org.path) - 6, 6)]
    inside = list(Org.objects.filter(pk__in=above).order_by("-path"))
    upper = list(Org.objects.filter(kind=OrgKind.UPPER, is_active=True).order_by("path"))
    return inside + upper


@transaction.atomic
def request_review(*, petition: Petition, by: User, data: ReviewRequestIn) -> Review:
    """Record a request for review (复查) or, after a review, re-review (复核). A request after the 30-day
    window is recorded and marked late, so the body can decide not to accept it."""
    requested_on, received_on = data.requested_on, data.received_on
    level = ReviewLevel.RE_REVIEW if petition.status == Status.REVIEWED else ReviewLevel.REVIEW
    step_name, _, window_kind, clock_kind, days_policy = LEVELS[level]
    step = check_step(petition, step_name, by)
    errors = FieldErrors()
    body = _check_body(petition, level, data.body_id, by, errors)
    request_text = errors.check_limits(Review, data, fields=("request_text",))["request_text"]
    errors.check_date("requested_on", requested_on, label="申请日期")
    errors.check_date("received_on", received_on, label="收到申请日期")
    today = timezone.localdate()
    if requested_on is None:
        errors.add("requested_on", "请填写申请日期。")
    elif requested_on > today:
        errors.add("requested_on", "申请日期不能晚于今天。")
    elif petition.replied_on and requested_on < petition.replied_on:
        errors.add("requested_on", "申请日期不能早于原处理意见的答复日期。")
    if received_on is None:
        errors.add("received_on", "请填写收到申请日期。")
    elif received_on > today:
        errors.add("received_on", "收到申请日期不能晚于今天。")
    elif requested_on and received_on < requested_on:
        errors.add("received_on", "收到申请日期不能早于申请日期。")
    if not request_text.strip():
        errors.add("request_text", "请填写申请事项和理由。")
    errors.raise_if_any()
    assert body is not None and requested_on is not None and received_on is not None

    window = petition.clocks.running().filter(kind=window_kind).first()
    late_days = (requested_on - window.due_on).days if window is not None else 0
    FLOW.take(petition, step=step, expected_version=data.version)
    stop_clocks(petition.clocks.filter(kind=window_kind), on=requested_on)
    # In review the case can no longer be rated: the rating window ends with the request.
    stop_clocks(petition.clocks.filter(kind=ClockKind.RATING), on=requested_on, late_if_after_due=False)
    reminders.dissatisfaction_answered(petition)
    review = Review.objects.create(
        petition=petition,
        level=level,
        body=body,
        direction=ReviewDirection.SENT_UP if body.kind == OrgKind.UPPER else ReviewDirection.RECEIVED,
        requested_on=requested_on,
        received_on=received_on,
        is_late=late_days > 0,
        request_text=request_text.strip(),
        recorded_by=by,
    )
    late = f"（超过申请期限{late_days}日）" if late_days > 0 else ""
    record_event(
        petition,
        by,
        EventKind.REVIEW_REQUESTED if level == ReviewLevel.REVIEW else EventKind.RE_REVIEW_REQUESTED,
        f"{cn_date(requested_on)}申请{review.get_level_display()}，{body}{cn_date(received_on)}收到{late}",
        review=review.pk,
        late=late_days > 0,
    )
    start_clock(petition=petition, kind=clock_kind, trigger_on=received_on, days=policy(days_policy), by=by)
    review.petition = petition
    reminders.ask_review(review)
    return review


def _check_body(
    petition: Petition, level: str, body_id: int | None, by: User, errors: FieldErrors
) -> Org | None:
    bodies = {o.pk: o for o in review_bodies(petition)}
    body = bodies.get(body_id or 0)
    if body is None:
        errors.add("body", "请选择复查（复核）机关：作出处理意见的工会的上级工会。")
        return None
    if body.kind != OrgKind.UPPER and not (by.org and body.path.startswith(by.org.path)):
        errors.add("body", f"您所在单位不是{body}，也不在其上级，不能登记向其提出的申请。")
    if level == ReviewLevel.RE_REVIEW:
        first = petition.reviews.get(level=ReviewLevel.REVIEW).body
        higher = body.kind == OrgKind.UPPER or first.path.startswith(body.path)
        if body.pk == first.pk or (first.kind == OrgKind.UPPER and body.kind != OrgKind.UPPER) or not higher:
            errors.add("body", f"复核机关应为复查机关（{first}）的上一级。")
    return body


@transaction.atomic
def decide_review(*, petition: Petition, by: User, data: ReviewDecisionIn) -> Review:
    """Record the review or re-review decision. A review opens the re-review window (or, when it revokes the
    decision, sends the case back into handling); a re-review terminates the case (终结)."""
    result, decided_on = data.result, data.decided_on
    level = ReviewLevel.RE_REVIEW if petition.status == Status.IN_RE_REVIEW else ReviewLevel.REVIEW
    _, step_name, _, clock_kind, _ = LEVELS[level]
    step = check_step(petition, step_name, by)
    review = petition.reviews.select_related("body").get(level=level)
    if review.direction == ReviewDirection.RECEIVED and not by.can(APPROVE):
        raise NotAllowed(f"{review.get_level_display()}意见须由负责人录入。")
    errors = FieldErrors()
    allowed = (
        ReviewResult.values
        if level == ReviewLevel.REVIEW
        else [r for r in ReviewResult.values if r != ReviewResult.REVOKED]
    )
    if result not in allowed:
        errors.add("result", f"请选择{review.get_level_display()}结果。")
    decision_text = errors.check_limits(Review, data, fields=("decision_text",))["decision_text"]
    if not decision_text.strip():
        errors.add("decision_text", f"请填写{review.get_level_display()}意见。")
    if decided_on is None:
        errors.add("decided_on", "请填写答复日期。")
    elif decided_on > timezone.localdate():
        errors.add("decided_on", "答复日期不能晚于今天。")
    elif decided_on < review.received_on:
        errors.add("decided_on", "答复日期不能早于收到申请日期。")
    errors.raise_if_any()
    assert decided_on is not None

    fields: dict = {}
    if level == ReviewLevel.RE_REVIEW:
        fields = {"terminated_on": decided_on, "termination_reason": TerminationReason.RE_REVIEWED}
    elif result == ReviewResult.REVOKED:
        fields = {"status": Status.ACCEPTED}
    FLOW.take(petition, step=step, expected_version=data.version, **fields)
    Review.objects.filter(pk=review.pk).update(
        result=result, decision_text=decision_text.strip(), decided_on=decided_on, decided_by=by
    )
    late = stop_clocks(petition.clocks.filter(kind=clock_kind), on=decided_on)
    label = ReviewResult(result).label
    record_event(
        petition,
        by,
        EventKind.REVIEW_DECIDED if level == ReviewLevel.REVIEW else EventKind.RE_REVIEW_DECIDED,
        f"{review.body}{review.get_level_display()}：{label}（{cn_date(decided_on)}答复）{late}",
        review=review.pk,
        result=result,
    )
    reminders.review_decided(petition)
    if level == ReviewLevel.RE_REVIEW:
        stop_clocks(petition.clocks.all(), on=decided_on, late_if_after_due=False)
        record_event(petition, by, EventKind.TERMINATED, "复核终结：同一事实和理由不再受理")
    elif result == ReviewResult.REVOKED:
        start_clock(
            petition=petition,
            kind=ClockKind.HANDLING,
            trigger_on=decided_on,
            days=policy("reopen_handling_days"),
            by=by,
        )
    else:
        start_clock(
            petition=petition,
            kind=ClockKind.RE_REVIEW_REQUEST,
            trigger_on=decided_on,
            days=policy("re_review_request_days"),
            by=by,
        )
    review.refresh_from_db()
    return review


def _review_clock(petition: Petition) -> Clock | None:
    return petition.clocks.running().filter(kind__in=(ClockKind.REVIEW, ClockKind.RE_REVIEW)).first()


@transaction.atomic
def record_hearing(*, petition: Petition, by: User, data: HearingIn) -> Clock:
    """听证: a hearing begins (``data.action`` "start": the review clock stops counting until it ends) or ends
    ("end": its days do not count, and the due date moves with an event). Returns the review clock."""
    check_step(petition, "hearing", by)
    if data.action == "start":
        return _start_hearing(petition, by, data.on)
    return _end_hearing(petition, by, data.on)


def _start_hearing(petition: Petition, by: User, on: date | None) -> Clock:
    """The review clock stops counting from ``on`` until the hearing ends."""
    clock = _review_clock(petition)
    if clock is None or clock.is_paused:
        raise NotAllowed("复查（复核）期限已暂停或未在计算，不能开始听证。")
    if on is None or on > timezone.localdate() or on < clock.started_on:
        raise field_error("on", "听证开始日期应在收到申请之后、不晚于今天。")
    pause_clock(clock=clock, on=on, by=by, reason="举行听证")
    clock.refresh_from_db()
    return clock


def _end_hearing(petition: Petition, by: User, on: date | None) -> Clock:
    """The hearing's days (both ends included) do not count: the due date moves, with an event."""
    clock = _review_clock(petition)
    if clock is None or clock.paused_on is None:
        raise NotAllowed("当前没有进行中的听证。")
    if on is None or on > timezone.localdate() or on < clock.paused_on:
        raise field_error("on", f"听证结束日期应不早于开始日期（{cn_date(clock.paused_on)}）、不晚于今天。")
    return resume_clock(clock=clock, on=on, by=by, reason="听证结束")


LAPSE: dict[str, tuple[tuple[str, ...], str]] = {
    ClockKind.REVIEW_REQUEST: ((Status.CONCLUDED, Status.RATED), TerminationReason.REVIEW_WINDOW_LAPSED),
    ClockKind.RE_REVIEW_REQUEST: ((Status.REVIEWED,), TerminationReason.RE_REVIEW_WINDOW_LAPSED),
}


@transaction.atomic
def terminate_lapsed(*, clock: Clock) -> bool:
    """Terminate a case whose review (or re-review) window lapsed unused; the case ends the day after the last
    day of the window. Claimed with conditional UPDATEs, so two runs at once terminate it once."""
    sources, reason = LAPSE[clock.kind]
    if not Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
        stopped_at=timezone.now(), stopped_late=False
    ):
        return False
    ended_on = clock.due_on + timedelta(days=1)
    updated = Petition.objects.filter(pk=clock.petition_id, status__in=sources).update(
        status=Status.TERMINATED, terminated_on=ended_on, termination_reason=reason, version=F("version") + 1
    )
    if not updated:
        return False
    petition = Petition.objects.select_related("org").get(pk=clock.petition_id)
    # A terminated case waits for nothing more: its other clocks (the rating window) stop with it.
    stop_clocks(petition.clocks.all(), on=ended_on, late_if_after_due=False)
    reminders.case_closed(petition)
    PetitionEvent.objects.create(
        petition=petition,
        by=None,
        kind=EventKind.TERMINATED,
        summary=f"{TerminationReason(reason).label}（{cn_date(clock.due_on)}期满），信访事项终结",
    )
    if is_old_news(clock, timezone.localdate()):
        return True  # a window that lapsed long ago (old records): the history says it, no inbox needs to
    remind(
        users=unit_staff(petition.org),
        kind=ReminderKind.TERMINATED,
        text=f"{petition.number} {TerminationReason(reason).label}，已终结",
        record=petition,
        key=f"petition:{petition.pk}:terminated",
    )
    return True


def terminate_lapsed_reviews(now: datetime) -> int:
    """tick: terminate every case whose review (or re-review) window lapsed unused (``terminate_lapsed``, each
    claimed in its own transaction). Returns how many were terminated."""
    lapsed = Clock.objects.running().filter(
        paused_on__isnull=True, kind__in=REQUEST_WINDOWS, due_on__lt=timezone.localdate(now)
    )
    return sum(terminate_lapsed(clock=c) for c in lapsed.iterator(chunk_size=500))
