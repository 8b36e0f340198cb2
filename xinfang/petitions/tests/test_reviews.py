"""After the reply: reopening after 不满意, review and re-review with hearings, termination, not again."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.exceptions import NotAllowed
from xinfang.petitions.actions import (
    decide_intake,
    decide_review,
    record_hearing,
    reopen_petition,
    request_review,
)
from xinfang.petitions.inputs import HearingIn, IntakeDecisionIn, ReopenIn, ReviewDecisionIn, ReviewRequestIn
from xinfang.petitions.models import (
    ClockKind,
    EventKind,
    IntakeDecision,
    Rating,
    ReviewDirection,
    ReviewResult,
    Status,
    TerminationReason,
)

from .steps import conclude, fresh, rate


@pytest.fixture
def concluded(accepted, handler):
    return conclude(accepted, handler)


@pytest.fixture
def old_accepted(registrar, handler, make_petition):
    """Received 70 days ago and accepted, so its reply can be dated weeks back."""
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=70))
    return decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )


def ask(petition, by, body, requested_on=None, received_on=None, text="对处理意见不服，请求复查。"):
    petition = fresh(petition)
    today = timezone.localdate()
    return request_review(
        petition=petition,
        by=by,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=body.pk,
            requested_on=requested_on or today,
            received_on=received_on or requested_on or today,
            request_text=text,
        ),
    )


def decide(petition, by, result=ReviewResult.UPHELD, on=None):
    petition = fresh(petition)
    return decide_review(
        petition=petition,
        by=by,
        data=ReviewDecisionIn(
            version=petition.version,
            result=result,
            decision_text="经复查，原处理意见认定事实清楚。",
            decided_on=on or timezone.localdate(),
        ),
    )


def test_conclusion_opens_the_review_window(concluded):
    window = concluded.clocks.get(kind=ClockKind.REVIEW_REQUEST)
    assert window.stopped_at is None and window.days == 30


def test_dissatisfied_rating_can_reopen_handling(concluded, registrar, approver, handler):
    petition = rate(concluded, registrar, Rating.DISSATISFIED)
    with pytest.raises(NotAllowed):  # only an approver decides
        reopen_petition(
            petition=petition, by=handler, data=ReopenIn(version=petition.version, reason="回访不满意")
        )
    petition = reopen_petition(
        petition=petition, by=approver, data=ReopenIn(version=petition.version, reason="回访不满意")
    )
    assert petition.status == Status.ACCEPTED
    assert petition.clocks.filter(kind=ClockKind.HANDLING, stopped_at__isnull=True).get().days == 30
    assert petition.clocks.get(kind=ClockKind.REVIEW_REQUEST).stopped_at is not None
    assert petition.events.filter(kind=EventKind.REOPENED).exists()


def test_satisfied_case_is_not_reopened(concluded, registrar, approver):
    petition = rate(concluded, registrar, Rating.SATISFIED)
    with pytest.raises(NotAllowed) as e:
        reopen_petition(petition=petition, by=approver, data=ReopenIn(version=petition.version, reason="x"))
    assert "不满意" in e.value.message


def test_review_of_the_federations_own_decision_is_sent_up(concluded, handler, approver, upper):
    review = ask(concluded, handler, upper)
    assert review.direction == ReviewDirection.SENT_UP and not review.is_late
    assert fresh(concluded).status == Status.IN_REVIEW
    decide(concluded, handler)  # recording the upper body's answer needs no approver
    assert fresh(concluded).status == Status.REVIEWED
    assert fresh(concluded).clocks.get(kind=ClockKind.RE_REVIEW_REQUEST).stopped_at is None


def test_late_request_is_recorded_and_marked(old_accepted, handler, upper):
    replied = timezone.localdate() - timedelta(days=45)
    petition = conclude(old_accepted, handler, replied_on=replied)
    review = ask(petition, handler, upper, requested_on=timezone.localdate() - timedelta(days=2))
    assert review.is_late
    assert petition.events.filter(kind=EventKind.REVIEW_REQUESTED, summary__contains="超过申请期限").exists()


def test_request_dates_in_the_wrong_order_are_refused(concluded, handler, upper):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as e:
        ask(concluded, handler, upper, requested_on=today, received_on=today - timedelta(days=1))
    assert e.value.message_dict == {"received_on": ["收到申请日期不能早于申请日期。"]}


def test_federation_reviews_its_committees_decision(
    committee_registrar, committee, federation, handler, approver, make_petition
):
    from xinfang.accounts.models import Role, User

    committee_handler = User.objects.create_user(
        username="ch", password="x-Testing-2026", role=Role.HANDLER, org=committee
    )
    petition = make_petition(committee_registrar)
    petition = decide_intake(
        petition=petition,
        by=committee_handler,
        data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1),
    )
    petition = conclude(petition, committee_handler)
    with pytest.raises(
        ValidationError
    ) as e:  # the committee cannot record a review addressed to the federation
        ask(petition, committee_handler, federation)
    assert "不能登记向其提出的申请" in e.value.messages[0]
    review = ask(petition, handler, federation)
    assert review.direction == ReviewDirection.RECEIVED
    with pytest.raises(NotAllowed) as e2:
        decide(petition, handler)
    assert "须由负责人录入" in e2.value.message
    decide(petition, approver)
    assert fresh(petition).status == Status.REVIEWED


def test_hearing_pauses_the_review_clock_and_moves_its_due_date(old_accepted, handler, upper):
    today = timezone.localdate()
    concluded = conclude(old_accepted, handler, replied_on=today - timedelta(days=20))
    ask(concluded, handler, upper, requested_on=today - timedelta(days=10))
    clock = fresh(concluded).clocks.get(kind=ClockKind.REVIEW)
    before = clock.due_on
    record_hearing(
        petition=fresh(concluded), by=handler, data=HearingIn(action="start", on=today - timedelta(days=4))
    )
    assert fresh(concluded).clocks.get(kind=ClockKind.REVIEW).paused_on == today - timedelta(days=4)
    with pytest.raises(NotAllowed):
        record_hearing(petition=fresh(concluded), by=handler, data=HearingIn(action="start", on=today))
    clock = record_hearing(
        petition=fresh(concluded), by=handler, data=HearingIn(action="end", on=today - timedelta(days=2))
    )
    assert clock.paused_days == 3 and clock.paused_on is None
    assert clock.due_on >= before + timedelta(days=3)
    event = concluded.events.get(kind=EventKind.HEARING_ENDED)
    assert event.changes["from"] == before.isoformat() and event.changes["to"] == clock.due_on.isoformat()


def test_re_review_terminates_and_the_same_matter_is_not_accepted_again(
    concluded, handler, upper, federation, registrar, make_petition
):
    from xinfang.orgs.models import Org, OrgKind

    province = Org.objects.create(name="省总工会", kind=OrgKind.UPPER)
    ask(concluded, handler, upper)
    decide(concluded, handler)
    with pytest.raises(ValidationError):  # the re-review goes higher than the review
        ask(concluded, handler, upper, text="请求复核")
    ask(concluded, handler, province, text="请求复核")
    assert fresh(concluded).status == Status.IN_RE_REVIEW
    decide(concluded, handler)
    petition = fresh(concluded)
    assert petition.status == Status.TERMINATED
    assert petition.termination_reason == TerminationReason.RE_REVIEWED
    again = make_petition(registrar)
    assert again.repeat_of_id == petition.pk and again.not_accepted_again


def test_repeat_without_re_review_is_flagged_but_may_be_accepted(accepted, registrar, make_petition):
    again = make_petition(registrar)
    assert again.repeat_of_id == accepted.pk and not again.not_accepted_again


def test_tick_terminates_a_case_whose_review_window_lapsed(old_accepted, handler):
    petition = conclude(old_accepted, handler, replied_on=timezone.localdate() - timedelta(days=40))
    call_command("tick")
    call_command("tick")
    petition = fresh(petition)
    assert petition.status == Status.TERMINATED
    assert petition.termination_reason == TerminationReason.REVIEW_WINDOW_LAPSED
    window = petition.clocks.get(kind=ClockKind.REVIEW_REQUEST)
    assert petition.terminated_on == window.due_on + timedelta(days=1)
    assert petition.events.filter(kind=EventKind.TERMINATED).count() == 1


def test_tick_leaves_an_open_window_alone(concluded):
    call_command("tick")
    assert fresh(concluded).status == Status.CONCLUDED


def test_review_pages(client, concluded, handler, upper, outsider):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[concluded.pk]))
    assert page.context["review_form"] is not None
    today = timezone.localdate().isoformat()
    client.post(
        reverse("petitions:review_request", args=[concluded.pk]),
        {
            "version": fresh(concluded).version,
            "body": upper.pk,
            "requested_on": today,
            "received_on": today,
            "request_text": "不服",
        },
    )
    assert fresh(concluded).status == Status.IN_REVIEW
    client.post(reverse("petitions:hearing", args=[concluded.pk]), {"on": today, "start": "1"})
    assert fresh(concluded).clocks.get(kind=ClockKind.REVIEW).paused_on is not None
    client.force_login(outsider)
    assert client.post(reverse("petitions:review_decide", args=[concluded.pk]), {}).status_code == 404


def test_overdue_note_on_the_handling_clock_survives_the_conclusion(old_accepted, handler):
    from xinfang.petitions.models import Clock

    clock = old_accepted.clocks.get(kind=ClockKind.HANDLING)
    Clock.objects.filter(pk=clock.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    call_command("tick")
    conclude(old_accepted, handler)
    call_command("tick")
    assert old_accepted.events.filter(kind=EventKind.OVERDUE).count() == 1
    assert old_accepted.clocks.get(kind=ClockKind.HANDLING).stopped_late is True
