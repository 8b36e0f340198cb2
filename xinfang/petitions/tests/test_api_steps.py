"""The steps the API lacked: 督办 (supervision) and 更正登记信息 (correction), with the same action, scope and
messages as the page; and a hearing's action, which is start or end and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from xinfang.accounts.models import ApiToken, Role
from xinfang.petitions.actions import record_hearing, request_review
from xinfang.petitions.inputs import HearingIn, ReviewRequestIn
from xinfang.petitions.models import ClockKind, EventKind, Petition

from .steps import conclude, fresh


def post(client, user, petition, tail, body):
    _, key = ApiToken.issue(user=user, name="t")
    return client.post(
        f"/api/v1/petitions/{petition.pk}/{tail}",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


# --- 督办 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("supervisor", ["approver", "leader"])
def test_supervision_through_the_api(client, accepted, supervisor, request):
    due = timezone.localdate() + timedelta(days=10)
    response = post(
        client,
        request.getfixturevalue(supervisor),
        accepted,
        "supervision",
        {"note": "请加快办理", "due_on": str(due)},
    )
    assert response.status_code == 200, response.content
    assert response.json()["supervised"] is True
    petition = fresh(accepted)
    assert (petition.supervision_note, petition.supervision_due_on) == ("请加快办理", due)
    assert petition.events.get(kind=EventKind.SUPERVISED).summary.startswith("督办：请加快办理")


def test_supervision_is_refused_to_a_role_without_it(client, accepted, handler):
    response = post(client, handler, accepted, "supervision", {"note": "请加快办理"})
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色（承办人）不能执行“督办”。"
    assert fresh(accepted).supervised_at is None


def test_supervision_needs_a_note_named_by_its_field(client, accepted, approver):
    response = post(client, approver, accepted, "supervision", {"note": "  "})
    assert response.status_code == 422
    assert response.json()["errors"] == {"note": ["请填写督办意见。"]}


def test_supervision_of_a_case_outside_the_scope_is_404(client, accepted, outsider):
    outsider.role = Role.APPROVER  # the role would allow it: the scope is what refuses
    outsider.save()
    assert post(client, outsider, accepted, "supervision", {"note": "请加快办理"}).status_code == 404
    assert fresh(accepted).supervised_at is None


# --- 更正登记信息 ---------------------------------------------------------------------------------------------


def test_correction_through_the_api_records_both_values(client, accepted, registrar):
    response = post(
        client,
        registrar,
        accepted,
        "correction",
        {"version": accepted.version, "facts": "单位拖欠四个月工资。", "is_urgent": True},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["facts"] == "单位拖欠四个月工资。" and body["is_urgent"] is True
    assert body["version"] == accepted.version + 1
    event = fresh(accepted).events.get(kind=EventKind.CORRECTED)
    assert event.changes["facts"] == {"from": "单位拖欠三个月工资。", "to": "单位拖欠四个月工资。"}
    assert set(event.changes) == {"facts", "is_urgent"}  # only what was sent


def test_a_stale_correction_is_a_conflict(client, accepted, registrar, handler):
    seen = accepted.version
    assert (
        post(client, registrar, accepted, "correction", {"version": seen, "facts": "甲"}).status_code == 200
    )
    response = post(client, handler, accepted, "correction", {"version": seen, "facts": "乙"})
    assert response.status_code == 409
    assert response.json()["detail"] == "该信访件已被他人修改，请刷新页面后重新操作。"
    assert fresh(accepted).facts == "甲"


def test_correction_is_refused_to_a_role_without_it(client, accepted, leader):
    response = post(client, leader, accepted, "correction", {"version": accepted.version, "facts": "改"})
    assert response.status_code == 403
    assert response.json()["detail"] == "您的角色（领导）不能执行“更正登记信息”。"


def test_a_closed_case_is_corrected_only_by_an_approver_with_a_reason(client, accepted, handler, approver):
    concluded = conclude(accepted, handler)
    refused = post(client, handler, concluded, "correction", {"version": concluded.version, "facts": "改"})
    assert refused.status_code == 403
    no_reason = post(client, approver, concluded, "correction", {"version": concluded.version, "facts": "改"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["errors"]
    done = post(
        client,
        approver,
        concluded,
        "correction",
        {"version": concluded.version, "facts": "改", "reason": "笔误"},
    )
    assert done.status_code == 200 and done.json()["facts"] == "改"


def test_correction_of_a_case_outside_the_scope_is_404(client, accepted, outsider):
    response = post(client, outsider, accepted, "correction", {"version": accepted.version, "facts": "改"})
    assert response.status_code == 404
    assert fresh(accepted).facts == "单位拖欠三个月工资。"


def test_an_empty_required_text_is_refused_by_its_field(client, accepted, registrar):
    response = post(client, registrar, accepted, "correction", {"version": accepted.version, "request": ""})
    assert response.status_code == 422
    assert response.json()["errors"] == {"request": ["请填写信访请求。"]}


# --- 听证 ----------------------------------------------------------------------------------------------------


@pytest.fixture
def in_review(accepted, handler, upper):
    today = timezone.localdate()
    petition = conclude(accepted, handler)
    request_review(
        petition=petition,
        by=handler,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=upper.pk,
            requested_on=today,
            received_on=today,
            request_text="不服处理意见",
        ),
    )
    return fresh(petition)


def test_a_hearing_action_other_than_start_or_end_is_refused(client, in_review, handler):
    record_hearing(petition=in_review, by=handler, data=HearingIn(action="start", on=timezone.localdate()))
    response = post(
        client, handler, in_review, "hearing", {"on": str(timezone.localdate()), "action": "stop"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["action"]
    # The hearing goes on: before, anything but "start" ended it.
    clock = Petition.objects.get(pk=in_review.pk).clocks.get(kind=ClockKind.REVIEW)
    assert clock.paused_on == timezone.localdate()
    assert not in_review.events.filter(kind=EventKind.HEARING_ENDED).exists()


def test_a_hearing_starts_and_ends_through_the_api(client, in_review, handler):
    today = str(timezone.localdate())
    started = post(client, handler, in_review, "hearing", {"on": today, "action": "start"})
    assert started.status_code == 200 and started.json()["paused_on"] == today
    ended = post(client, handler, in_review, "hearing", {"on": today, "action": "end"})
    assert ended.status_code == 200 and ended.json()["paused_on"] is None
