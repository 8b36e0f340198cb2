"""Extension (at most once, at most 30 days, approved by an approver) and conclusion with its clocks."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.petitions.actions import conclude_petition, decide_extension, decide_intake, request_extension
from xinfang.petitions.inputs import (
    ConclusionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    IntakeDecisionIn,
    RatingIn,
    SupervisionIn,
)
from xinfang.petitions.models import ClockKind, Delivery, EventKind, IntakeDecision, Outcome, Status


@pytest.fixture
def accepted(registrar, handler, make_petition):
    petition = make_petition(registrar)
    return decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )


def conclude(petition, by, unchecked=False, **overrides):
    """Conclude through the action; ``unchecked``: with input the input model has not validated (the action's own
    checks are asked)."""
    data: dict[str, Any] = {
        "outcome": Outcome.UPHELD,
        "decision_text": "经查，单位确有拖欠，已督促支付。",
        "legal_basis": "《劳动法》第五十条",
        "replied_on": timezone.localdate(),
        "delivery": Delivery.IN_PERSON,
        "amount_recovered": Decimal("36570.00"),
    }
    data.update(overrides)
    make = ConclusionIn.model_construct if unchecked else ConclusionIn
    return conclude_petition(petition=petition, by=by, data=make(version=petition.version, **data))


def test_approved_extension_moves_the_handling_due_date_with_an_event(accepted, handler, approver):
    clock = accepted.clocks.get(kind=ClockKind.HANDLING)
    extension = request_extension(
        petition=accepted, by=handler, data=ExtensionIn(days=30, reason="涉及多个部门，需调查取证")
    )
    decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=True, note="同意"))
    clock.refresh_from_db()
    assert clock.days == 90 and clock.due_on >= clock.started_on + timedelta(days=90)
    event = accepted.events.get(kind=EventKind.EXTENSION_DECIDED)
    assert event.changes["approved"] is True and event.changes["to"] == clock.due_on.isoformat()
    assert "延至" in event.summary


def test_extension_over_the_limit_is_refused(accepted, handler):
    with pytest.raises(ValidationError) as e:
        request_extension(petition=accepted, by=handler, data=ExtensionIn(days=31, reason="复杂"))
    assert e.value.message_dict["days"] == ["延长天数应为1～30日。"]


def test_extension_is_granted_at_most_once(accepted, handler, approver):
    decide_extension(
        extension=request_extension(petition=accepted, by=handler, data=ExtensionIn(days=10, reason="复杂")),
        by=approver,
        data=ExtensionDecisionIn(approve=True),
    )
    with pytest.raises(NotAllowed) as e:
        request_extension(petition=accepted, by=handler, data=ExtensionIn(days=10, reason="仍需调查"))
    assert "延期只能批准一次" in e.value.message


def test_refused_extension_leaves_the_clock_and_a_new_request_may_follow(accepted, handler, approver):
    clock = accepted.clocks.get(kind=ClockKind.HANDLING)
    decide_extension(
        extension=request_extension(petition=accepted, by=handler, data=ExtensionIn(days=10, reason="复杂")),
        by=approver,
        data=ExtensionDecisionIn(approve=False, note="理由不充分"),
    )
    clock.refresh_from_db()
    assert clock.days == 60
    request_extension(petition=accepted, by=handler, data=ExtensionIn(days=10, reason="补充说明理由"))


def test_only_an_approver_decides_an_extension_and_only_once(accepted, handler, approver):
    extension = request_extension(petition=accepted, by=handler, data=ExtensionIn(days=10, reason="复杂"))
    with pytest.raises(NotAllowed):
        decide_extension(extension=extension, by=handler, data=ExtensionDecisionIn(approve=True))
    decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=True))
    with pytest.raises(Conflict):
        decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=False))


def test_extension_before_acceptance_is_refused(registrar, handler, make_petition):
    with pytest.raises(NotAllowed) as e:
        request_extension(
            petition=make_petition(registrar), by=handler, data=ExtensionIn(days=10, reason="复杂")
        )
    assert "不能执行“申请延期”" in e.value.message


def test_conclusion_stops_handling_and_starts_the_rating_window(accepted, handler):
    petition = conclude(accepted, handler)
    assert petition.status == Status.CONCLUDED and petition.amount_recovered == Decimal("36570.00")
    handling = petition.clocks.get(kind=ClockKind.HANDLING)
    assert handling.stopped_at is not None and handling.stopped_late is False
    rating = petition.clocks.get(kind=ClockKind.RATING)
    assert rating.started_on == timezone.localdate() and rating.stopped_at is None
    assert petition.events.filter(kind=EventKind.CONCLUDED).exists()


def test_conclusion_needs_its_content(accepted, handler):
    with pytest.raises(ValidationError) as e:
        conclude(
            accepted,
            handler,
            unchecked=True,
            outcome="",
            decision_text=" ",
            legal_basis="",
            delivery="",
            replied_on=timezone.localdate() + timedelta(days=1),
            amount_recovered=Decimal("-1"),
        )
    assert set(e.value.message_dict) == {
        "outcome",
        "decision_text",
        "legal_basis",
        "delivery",
        "replied_on",
        "amount_recovered",
    }
    assert e.value.message_dict["replied_on"] == ["答复日期不能晚于今天。"]
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED


def test_conclusion_before_acceptance_and_twice_are_refused(registrar, handler, make_petition, accepted):
    with pytest.raises(NotAllowed):
        conclude(make_petition(registrar), handler)
    conclude(accepted, handler)
    with pytest.raises(NotAllowed):
        conclude(accepted, handler)


def test_late_reply_is_recorded_as_late(accepted, handler):
    from xinfang.petitions.models import Clock

    Clock.objects.filter(petition=accepted, kind=ClockKind.HANDLING).update(
        due_on=date(2026, 1, 5), started_on=date(2025, 11, 6)
    )
    Clock.objects.filter(petition=accepted).update(started_on=date(2025, 11, 6))
    petition = conclude(accepted, handler)
    assert petition.clocks.get(kind=ClockKind.HANDLING).stopped_late is True
    assert "超过办理期限" in petition.events.get(kind=EventKind.CONCLUDED).summary


def test_pages_for_extension_and_conclusion(client, accepted, handler, approver, outsider):
    client.force_login(outsider)
    assert client.post(reverse("petitions:conclude", args=[accepted.pk])).status_code == 404
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk])).content.decode()
    assert "申请延期" in page and "办结（出具信访处理意见书）" in page
    client.post(reverse("petitions:extension_request", args=[accepted.pk]), {"days": 20, "reason": "需调查"})
    extension = accepted.extensions.get()
    client.force_login(approver)
    response = client.post(
        reverse("petitions:extension_decide", args=[accepted.pk, extension.pk]),
        {"approve": "1", "note": "同意"},
        follow=True,
    )
    assert "已批准延期。" in response.content.decode()
    client.force_login(handler)
    response = client.post(
        reverse("petitions:conclude", args=[accepted.pk]),
        {
            "version": accepted.version,
            "outcome": "explained",
            "decision_text": "已向信访人解释政策。",
            "legal_basis": "《工会法》第二十三条",
            "replied_on": timezone.localdate().isoformat(),
            "delivery": "post",
        },
        follow=True,
    )
    assert "已办结。" in response.content.decode() and "处理意见：解释说明" in response.content.decode()


def test_rating_by_someone_else_stops_the_window(accepted, handler, registrar):
    from xinfang.petitions.actions import rate_petition

    petition = conclude(accepted, handler)
    with pytest.raises(NotAllowed) as e:
        rate_petition(
            petition=petition,
            by=handler,
            data=RatingIn(
                version=petition.version, rating="satisfied", method="phone", rated_on=timezone.localdate()
            ),
        )
    assert e.value.message == "办结人不能录入本人所办信访件的满意度评价。"
    petition = rate_petition(
        petition=petition,
        by=registrar,
        data=RatingIn(
            version=petition.version,
            rating="basically_satisfied",
            method="phone",
            rated_on=timezone.localdate(),
        ),
    )
    assert petition.status == Status.RATED and petition.rated_by == registrar
    assert petition.clocks.get(kind=ClockKind.RATING).stopped_at is not None
    assert petition.events.filter(kind=EventKind.RATED).exists()


def test_rating_after_the_window_is_refused(accepted, handler, registrar):
    from xinfang.petitions.actions import rate_petition
    from xinfang.petitions.models import Clock

    petition = conclude(accepted, handler)
    Clock.objects.filter(petition=petition, kind=ClockKind.RATING).update(
        due_on=timezone.localdate() - timedelta(1)
    )
    with pytest.raises(ValidationError) as e:
        rate_petition(
            petition=petition,
            by=registrar,
            data=RatingIn(
                version=petition.version, rating="satisfied", method="sms", rated_on=timezone.localdate()
            ),
        )
    assert "已超过评价期限" in e.value.message_dict["rated_on"][0]


def test_rating_page(client, accepted, handler, registrar):
    petition = conclude(accepted, handler)
    client.force_login(handler)
    assert (
        "满意度评价（回访）"
        not in client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    )
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:rate", args=[petition.pk]),
        {
            "version": petition.version,
            "rating": "dissatisfied",
            "method": "phone",
            "rated_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert (
        "已录入满意度评价。" in response.content.decode()
        and "满意度评价：不满意" in response.content.decode()
    )


def test_date_fields_render_iso_dates_for_the_browser(client, accepted, handler):
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk])).content.decode()
    assert f'type="date" name="replied_on" value="{timezone.localdate().isoformat()}"' in page


def test_leader_supervises_and_the_case_stands_out(client, accepted, leader, registrar):
    from xinfang.petitions.actions import supervise_petition

    with pytest.raises(NotAllowed):
        supervise_petition(petition=accepted, by=registrar, data=SupervisionIn(note="抓紧办理"))
    client.force_login(leader)
    response = client.post(
        reverse("petitions:supervise", args=[accepted.pk]),
        {"note": "抓紧办理，月底前答复", "due_on": (timezone.localdate() + timedelta(7)).isoformat()},
        follow=True,
    )
    assert (
        "已督办。" in response.content.decode() and "督办：抓紧办理，月底前答复" in response.content.decode()
    )
    assert accepted.events.filter(kind=EventKind.SUPERVISED, by=leader).exists()
    listing = client.get(reverse("petitions:list")).content.decode()
    assert '<span class="badge text-bg-danger">督</span>' in listing
