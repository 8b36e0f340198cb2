"""The intake decision: the step rules by state and by role, the clocks it stops and starts, and tick."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.petitions.actions import decide_intake
from xinfang.petitions.inputs import IntakeDecisionIn, PetitionerIn, PetitionIn
from xinfang.petitions.models import (
    Clock,
    ClockKind,
    EventKind,
    IntakeDecision,
    Petition,
    RejectReason,
    Status,
)


def received(on: date):
    return timezone.make_aware(datetime.combine(on, datetime.min.time()).replace(hour=10))


def test_registration_starts_the_intake_clock_on_the_holiday_calendar(registrar, make_petition, monkeypatch):
    petition = make_petition(registrar, received_at=received(date(2026, 9, 20)))
    clock = petition.clocks.get()
    assert (clock.kind, clock.started_on, clock.due_on) == (
        ClockKind.INTAKE,
        date(2026, 9, 20),
        date(2026, 10, 8),
    )
    event = petition.events.get(kind=EventKind.CLOCK_STARTED)
    assert "2026年10月8日" in event.summary and any("国庆节" in s for s in event.changes["steps"])


def test_accept_stops_intake_and_starts_the_60_day_handling_clock(registrar, handler, make_petition):
    petition = make_petition(registrar)
    decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=petition.version),
    )
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and petition.intake_decided_at is not None
    intake = petition.clocks.get(kind=ClockKind.INTAKE)
    assert intake.stopped_at is not None and intake.stopped_late is False
    handling = petition.clocks.get(kind=ClockKind.HANDLING)
    assert handling.stopped_at is None and handling.days == 60
    assert handling.due_on >= timezone.localdate() + timedelta(days=60)
    assert petition.events.filter(kind=EventKind.INTAKE_DECIDED, by=handler).exists()


def test_a_second_decision_is_refused_by_state(registrar, handler, make_petition):
    petition = make_petition(registrar)
    decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )
    petition.refresh_from_db()
    with pytest.raises(NotAllowed) as e:
        decide_intake(
            petition=petition,
            by=handler,
            data=IntakeDecisionIn(
                decision=IntakeDecision.REJECT, version=2, reason="x", reason_code=RejectReason.OTHER
            ),
        )
    assert e.value.message == "该信访件当前状态为“已受理”，不能执行“不予受理”。"


@pytest.mark.parametrize("persona", ["registrar", "leader"])
def test_registrar_and_leader_cannot_decide(request, make_petition, persona):
    user = request.getfixturevalue(persona)
    petition = make_petition(request.getfixturevalue("registrar"))
    with pytest.raises(NotAllowed) as e:
        decide_intake(
            petition=petition, by=user, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
        )
    assert "不能执行“受理”" in e.value.message
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED


def test_reject_needs_a_reason_from_the_dictionary_and_an_explanation(registrar, approver, make_petition):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        decide_intake(
            petition=petition, by=approver, data=IntakeDecisionIn(decision=IntakeDecision.REJECT, version=1)
        )
    assert e.value.message_dict == {
        "reason": ["请填写不予受理的理由或说明。"],
        "reason_code": ["请选择不予受理的理由。"],
    }
    decide_intake(
        petition=petition,
        by=approver,
        data=IntakeDecisionIn(
            decision=IntakeDecision.REJECT,
            version=1,
            reason_code=RejectReason.ALREADY_HANDLED,
            reason="区人社局已受理。",
        ),
    )
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and not petition.clocks.filter(kind=ClockKind.HANDLING).exists()
    assert "第十九条第三款" in petition.events.get(kind=EventKind.INTAKE_DECIDED).summary


def test_transfer_needs_the_receiving_body(registrar, handler, make_petition, upper):
    petition = make_petition(registrar)
    with pytest.raises(ValidationError) as e:
        decide_intake(
            petition=petition,
            by=handler,
            data=IntakeDecisionIn(decision=IntakeDecision.TRANSFER_OUT, version=1, reason="属人社部门职责"),
        )
    assert e.value.message_dict == {"transferred_to": ["请选择转送的机关。"]}
    decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(
            decision=IntakeDecision.TRANSFER_OUT,
            version=1,
            reason="属人社部门职责",
            transferred_to_id=upper.pk,
        ),
    )
    petition.refresh_from_db()
    assert petition.status == Status.TRANSFERRED_OUT and petition.transferred_to == upper


def test_two_deciders_at_once_the_second_gets_a_conflict(registrar, handler, approver, make_petition):
    petition = make_petition(registrar)
    seen_by_approver = Petition.objects.get(pk=petition.pk)  # both opened the page before either saved
    decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )
    with pytest.raises(Conflict):
        decide_intake(
            petition=seen_by_approver,
            by=approver,
            data=IntakeDecisionIn(decision=IntakeDecision.REFER, version=1, reason="请向法院起诉"),
        )
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def test_late_decision_is_recorded_as_late(registrar, handler, make_petition):
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )
    assert petition.clocks.get(kind=ClockKind.INTAKE).stopped_late is True
    assert "超过受理告知期限" in petition.events.get(kind=EventKind.INTAKE_DECIDED).summary


def test_decision_page_and_outsider(client, registrar, handler, outsider, make_petition):
    petition = make_petition(registrar)
    client.force_login(outsider)
    url = reverse("petitions:decide", args=[petition.pk])
    assert client.post(url, {"version": 1, "decision": "accept"}).status_code == 404
    client.force_login(handler)
    assert "受理决定" in client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    response = client.post(url, {"version": 1, "decision": "accept"}, follow=True)
    assert "已记录受理决定：受理。" in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def run_tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_tick_notes_overdue_once_and_the_note_survives_the_decision(registrar, handler, make_petition):
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    assert "超期 1 件" in run_tick()
    assert "超期 0 件" in run_tick()
    assert petition.events.filter(kind=EventKind.OVERDUE).count() == 1
    decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )
    assert petition.events.filter(kind=EventKind.OVERDUE).count() == 1


def test_tick_notes_due_soon(registrar, make_petition):
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=13))
    Clock.objects.filter(petition=petition).update(due_on=timezone.localdate() + timedelta(days=2))
    assert "临期 1 件" in run_tick() and "临期 0 件" in run_tick()
    assert petition.events.filter(kind=EventKind.DUE_SOON).count() == 1


def test_tick_twice_at_once_notes_each_clock_once(committed_db, federation, category):
    import threading

    from django.db import connection

    from xinfang.accounts.models import Role, User
    from xinfang.petitions.actions import register_petition

    user = User.objects.create_user(username="r", password="x", role=Role.REGISTRAR, org=federation)
    for i in range(5):
        register_petition(
            by=user,
            data=PetitionIn(
                channel="phone",
                received_at=timezone.now() - timedelta(days=30),
                kind="claim",
                category_id=category.pk,
                request="r",
                facts="f",
                reasons="r",
                petitioners=[PetitionerIn(name=f"甲{i}", phone="13812345678")],
            ),
        )
    start = threading.Barrier(2)

    def tick():
        start.wait()
        try:
            call_command("tick", stdout=StringIO())
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from xinfang.petitions.models import PetitionEvent

    assert PetitionEvent.objects.filter(kind=EventKind.OVERDUE).count() == 5


def test_deadline_queue_and_filter(client, registrar, handler, make_petition):
    late = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    fresh = make_petition(registrar)
    client.force_login(handler)
    ids = [r["id"] for r in client.get("/api/v1/petitions", {"due": "overdue"}).json()["items"]]
    assert ids == [late.pk]
    panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    assert [p.pk for p in panels["超期"]["rows"]] == [late.pk]
    decide_intake(petition=late, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1))
    assert client.get("/api/v1/petitions", {"due": "overdue"}).json()["items"] == []
    assert fresh.pk in [r["id"] for r in client.get("/api/v1/petitions").json()["items"]]


def test_a_decision_entered_afterwards_counts_its_clocks_from_its_own_date(registrar, handler, make_petition):
    received = timezone.now() - timedelta(days=20)
    petition = make_petition(registrar, received_at=received)
    decided_on = timezone.localdate(received) + timedelta(days=3)
    petition = decide_intake(
        petition=petition,
        by=handler,
        data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1, decided_on=decided_on),
    )
    assert petition.clocks.get(kind=ClockKind.HANDLING).started_on == decided_on
    assert petition.clocks.get(kind=ClockKind.INTAKE).stopped_late is False
    assert "补录" in petition.events.get(kind=EventKind.INTAKE_DECIDED).summary


def test_a_decision_date_before_receipt_or_in_the_future_is_refused(registrar, handler, make_petition):
    from django.core.exceptions import ValidationError

    petition = make_petition(registrar)
    for bad in (timezone.localdate() + timedelta(days=1), timezone.localdate() - timedelta(days=5)):
        with pytest.raises(ValidationError) as e:
            decide_intake(
                petition=petition,
                by=handler,
                data=IntakeDecisionIn(decision="accept", version=1, decided_on=bad),
            )
        assert list(e.value.message_dict) == ["decided_on"]


def test_deadline_queues_show_the_most_urgent_first(client, registrar, handler, make_petition):
    older = make_petition(registrar, received_at=timezone.now() - timedelta(days=50))
    newer = make_petition(registrar, received_at=timezone.now() - timedelta(days=20))
    client.force_login(handler)
    panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    assert [p.pk for p in panels["超期"]["rows"]] == [older.pk, newer.pk]
    assert panels["超期"]["count"] == "2"
