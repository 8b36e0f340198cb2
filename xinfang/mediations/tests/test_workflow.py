"""Mediation cases on the workflow kit (lib/workflow.py): the step table, the abilities it asks for (refused the
same way on the page and in the API), the conditional versioned update and the recorded events."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.lib.workflow import record_event
from xinfang.mediations.actions import accept_mediation, register_mediation
from xinfang.mediations.inputs import AcceptIn, MediationIn, WorkerIn
from xinfang.mediations.models import EventKind, Mediation, MediationEvent, Status
from xinfang.mediations.workflow import FLOW, STEPS


@pytest.fixture
def received(handler, employer):
    """A written application received two days ago, not yet accepted, owned by the federation."""
    return register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", phone="13812345678")],
            employer_id=employer.pk,
            amount_claimed=Decimal("18000.00"),
        ),
    )


def fresh(m):
    return Mediation.objects.select_related("org").get(pk=m.pk)


def test_every_step_names_a_registered_ability(handler):
    for step in STEPS.values():
        handler.can(step.ability)  # an unknown name raises


def test_the_case_page_offers_exactly_the_allowed_steps(received, registrar, handler, leader, outsider):
    assert FLOW.allowed(received, handler) == [
        "accept",
        "conclude",
        "add_follow_up",
        "add_workers",
        "generate_document",
    ]
    # A registrar registers and writes the documents; mediating is for handlers and approvers.
    assert FLOW.allowed(received, registrar) == ["generate_document"]
    assert FLOW.allowed(received, leader) == []
    assert FLOW.allowed(received, outsider) == []


def test_a_registrar_may_not_accept(received, registrar):
    with pytest.raises(NotAllowed) as refused:
        accept_mediation(
            mediation=received, by=registrar, data=AcceptIn(version=1, accepted_on=timezone.localdate())
        )
    assert refused.value.message == "您的角色（登记员）不能执行“受理”。"
    assert fresh(received).status == Status.RECEIVED


def test_the_page_refuses_a_step_to_a_role_without_its_ability(client, received, registrar, handler):
    client.force_login(registrar)
    detail = client.get(reverse("mediations:detail", args=[received.pk]))
    assert detail.context["accept_form"] is None and detail.context["conclusion_form"] is None
    assert detail.context["document_kinds"]  # 生成文书 is a registrar's
    response = client.post(
        reverse("mediations:accept", args=[received.pk]),
        {"version": 1, "accepted_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "您的角色（登记员）不能执行“受理”。" in response.content.decode()
    assert fresh(received).status == Status.RECEIVED
    client.force_login(handler)
    assert client.get(reverse("mediations:detail", args=[received.pk])).context["accept_form"] is not None


def test_the_api_refuses_a_step_to_a_role_without_its_ability(client, received, registrar, outsider):
    body = {"version": 1, "accepted_on": timezone.localdate().isoformat()}
    _, key = ApiToken.issue(user=registrar, name="t")
    response = client.post(
        f"/api/v1/mediations/{received.pk}/accept",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色（登记员）不能执行“受理”。"
    _, key = ApiToken.issue(user=outsider, name="t")
    response = client.post(
        f"/api/v1/mediations/{received.pk}/accept",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 404
    assert fresh(received).status == Status.RECEIVED


def test_another_units_step_is_refused_naming_the_owner(received, committee_handler):
    with pytest.raises(NotAllowed) as refused:
        FLOW.check(received, "accept", committee_handler)
    assert refused.value.message == f"该调解案件由{received.org}负责，您所在单位不能执行“受理”。"


def test_take_moves_the_case_and_its_version(received, handler):
    accept_mediation(
        mediation=received, by=handler, data=AcceptIn(version=1, accepted_on=timezone.localdate())
    )
    case = fresh(received)
    assert (case.status, case.version, case.accepted_on) == (Status.MEDIATING, 2, timezone.localdate())
    assert case.events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_the_second_of_two_concurrent_steps_gets_a_conflict_and_changes_nothing(received, handler, approver):
    page_of_one, page_of_other = fresh(received), fresh(received)  # both loaded 待受理, version 1
    accept_mediation(
        mediation=page_of_one,
        by=handler,
        data=AcceptIn(version=page_of_one.version, accepted_on=timezone.localdate()),
    )
    with pytest.raises(Conflict) as conflict:
        accept_mediation(
            mediation=page_of_other,
            by=approver,
            data=AcceptIn(
                version=page_of_other.version, accepted_on=timezone.localdate() - timedelta(days=1)
            ),
        )
    assert conflict.value.message == "该调解案件已被他人处理或修改，请刷新页面后重新操作。"
    case = fresh(received)
    assert case.accepted_on == timezone.localdate() and case.version == 2
    assert case.events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_take_refuses_a_record_no_longer_in_a_source_status(received, handler):
    accept_mediation(
        mediation=received, by=handler, data=AcceptIn(version=1, accepted_on=timezone.localdate())
    )
    case = fresh(received)
    with pytest.raises(Conflict):
        # The version is current, but the case is no longer 待受理.
        FLOW.take(case, step=STEPS["accept"], expected_version=case.version, accepted_on=timezone.localdate())
    assert fresh(received).version == case.version


def test_record_event_cuts_the_summary_to_its_column_and_keeps_the_changes(received, handler):
    event = record_event(received, handler, EventKind.SESSION, "调" * 300, held_on="2026-11-25", count=2)
    event = MediationEvent.objects.get(pk=event.pk)
    assert event.summary == "调" * 200
    assert event.changes == {"held_on": "2026-11-25", "count": 2}
    assert (event.mediation_id, event.by, event.kind) == (received.pk, handler, EventKind.SESSION)
