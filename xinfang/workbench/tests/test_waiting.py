"""Issue 11: every step that waits for someone puts the case in that person's home-page queue and inbox, the
step that answers it takes it out, and the inbox holds what is to be acted on now — seen through the pages where
the faults were seen (the home page, the inbox, the petition page)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.petitions.actions import (
    correct_petition,
    decide_extension,
    decide_intake,
    reopen_petition,
    request_extension,
    request_review,
    return_assignment,
    take_assignment,
)
from xinfang.petitions.inputs import (
    CorrectionIn,
    ExtensionDecisionIn,
    ExtensionIn,
    IntakeDecisionIn,
    ReopenIn,
    ReturnIn,
    ReviewRequestIn,
)
from xinfang.petitions.models import Clock, ClockKind, IntakeDecision, Rating, ReturnReason, Status
from xinfang.petitions.tests.steps import assign, conclude, fresh, lead, rate


def panels_of(client) -> dict:
    return {p["title"]: p for p in client.get(reverse("home")).context["panels"]}


def inbox(client, **query) -> list[Reminder]:
    return list(client.get(reverse("inbox:list"), query).context["page"].items)


def unread(user, kind) -> list[Reminder]:
    return list(Reminder.objects.visible_to(user).unread().filter(kind=kind))


def numbers(panel) -> list[str]:
    return [row.number for row in panel["rows"]]


def tick() -> None:
    call_command("tick", stdout=StringIO())


# Fault 2: approvals, returns, review requests and 不满意 ratings reach the person who must act.


def test_an_extension_request_is_in_the_approvers_queue_and_inbox_until_decided(
    client, handler, approver, administrator, accepted
):
    extension = request_extension(
        petition=fresh(accepted), by=handler, data=ExtensionIn(days=30, reason="案情复杂")
    )
    client.force_login(approver)
    panel = panels_of(client)["延期待审批"]
    assert panel["count"] == "1" and numbers(panel) == [accepted.number]
    assert [r.label for r in inbox(client, kind=ReminderKind.EXTENSION)] == [accepted.number]
    assert client.get(panel["link"]).context["page"].items[0].number == accepted.number  # the list agrees
    client.force_login(handler)
    assert "延期待审批" not in panels_of(client)  # handlers do not approve
    assert unread(administrator, ReminderKind.EXTENSION) == []  # nor is the system's administrator asked

    decide_extension(extension=extension, by=approver, data=ExtensionDecisionIn(approve=True))
    client.force_login(approver)
    assert panels_of(client)["延期待审批"]["count"] == "0"
    assert unread(approver, ReminderKind.EXTENSION) == []  # answered: nothing left to do


def test_a_returned_case_waits_in_the_owners_queue_until_assigned_again(
    client, handler, committee, committee_handler, accepted
):
    (assignment,) = assign(accepted, handler, lead(committee))
    return_assignment(
        assignment=assignment, by=committee_handler, data=ReturnIn(reason=ReturnReason.WRONG_UNIT)
    )
    client.force_login(handler)
    panel = panels_of(client)["被退回待重新交办"]
    assert panel["count"] == "1" and numbers(panel) == [accepted.number]
    assert [r.label for r in inbox(client, kind=ReminderKind.RETURNED)] == [accepted.number]
    assign(accepted, handler, lead(committee))
    assert panels_of(client)["被退回待重新交办"]["count"] == "0"


@pytest.fixture
def committee_case(committee_registrar, committee_handler, make_petition):
    """A committee's own case, concluded: a review of it is for the federation to decide."""
    petition = make_petition(committee_registrar)
    decide_intake(
        petition=petition,
        by=committee_handler,
        data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=petition.version),
    )
    return conclude(petition, committee_handler)


def test_a_review_request_is_in_the_review_bodys_queue_and_inbox_until_decided(
    client, federation, handler, approver, outsider, committee_case
):
    petition = fresh(committee_case)
    today = timezone.localdate()
    request_review(
        petition=petition,
        by=handler,
        data=ReviewRequestIn(
            version=petition.version,
            body_id=federation.pk,
            requested_on=today,
            received_on=today,
            request_text="对处理意见不服，申请复查。",
        ),
    )
    for user in (handler, approver):
        client.force_login(user)
        panel = panels_of(client)["待本单位复查复核"]
        assert panel["count"] == "1" and numbers(panel) == [petition.number]
        assert [r.label for r in inbox(client, kind=ReminderKind.REVIEW)] == [petition.number]
    # the rating window ends with the request: the case is not left 待评价 or overdue for a rating
    assert not fresh(petition).clocks.running().filter(kind=ClockKind.RATING).exists()
    client.force_login(outsider)
    assert panels_of(client)["待本单位复查复核"]["count"] == "0"


def test_a_dissatisfied_rating_is_in_the_approvers_queue_until_answered(
    client, registrar, handler, approver, accepted
):
    conclude(accepted, handler)
    rate(accepted, registrar, Rating.DISSATISFIED)
    client.force_login(approver)
    panel = panels_of(client)["评价不满意"]
    assert panel["count"] == "1" and numbers(panel) == [accepted.number]
    assert [r.label for r in inbox(client, kind=ReminderKind.DISSATISFIED)] == [accepted.number]
    petition = fresh(accepted)
    reopen_petition(
        petition=petition, by=approver, data=ReopenIn(version=petition.version, reason="重新调查")
    )
    assert panels_of(client)["评价不满意"]["count"] == "0"
    assert unread(approver, ReminderKind.DISSATISFIED) == []


def test_a_satisfied_rating_reminds_nobody(registrar, handler, approver, accepted):
    conclude(accepted, handler)
    rate(accepted, registrar, Rating.SATISFIED)
    assert unread(approver, ReminderKind.DISSATISFIED) == []


# Fault 3: 紧急重大 reports to the leaders.


def test_an_urgent_case_reaches_the_leaders_at_once_and_their_queue_counts_what_it_shows(
    client, registrar, handler, leader, make_petition
):
    urgent = make_petition(registrar, is_urgent=True)
    plain = make_petition(registrar)
    closed = make_petition(registrar, is_urgent=True)
    decide_intake(
        petition=closed,
        by=handler,
        data=IntakeDecisionIn(
            decision=IntakeDecision.REFER,
            version=closed.version,
            reason="属于仲裁受理范围",
            competent_body="区劳动人事争议仲裁委员会",
        ),
    )
    client.force_login(leader)
    assert {r.label for r in inbox(client, kind=ReminderKind.URGENT)} == {urgent.number, closed.number}
    panel = panels_of(client)["紧急重大（在办）"]
    assert numbers(panel) == [urgent.number] and panel["count"] == "1"
    listed = client.get(panel["link"]).context["page"].items
    assert [p.number for p in listed] == [urgent.number]  # the panel's link lists the set it counts

    petition = fresh(plain)
    correct_petition(
        petition=petition, by=registrar, data=CorrectionIn(version=petition.version, is_urgent=True)
    )
    assert plain.number in {r.label for r in inbox(client, kind=ReminderKind.URGENT)}
    assert panels_of(client)["紧急重大（在办）"]["count"] == "2"
    assert not Reminder.objects.filter(kind=ReminderKind.URGENT).exclude(user=leader).exists()


# Fault 4: the inbox holds what is to be acted on now.


def overdue_by(petition, days: int) -> None:
    Clock.objects.filter(petition=petition, kind=ClockKind.INTAKE).update(
        due_on=timezone.localdate() - timedelta(days=days)
    )


def test_tick_reminds_a_fresh_overdue_once_and_leaves_old_ones_to_the_overdue_queue(
    client, registrar, handler, make_petition
):
    fresh_one, old_one, historical = (make_petition(registrar) for _ in range(3))
    overdue_by(fresh_one, 2)
    overdue_by(old_one, 400)  # a record of long ago, first seen by tick now
    overdue_by(historical, 2)
    Clock.objects.filter(petition=historical).update(is_historical=True)
    tick()
    tick()
    client.force_login(handler)
    assert [r.label for r in inbox(client, kind=ReminderKind.OVERDUE)] == [fresh_one.number]
    panel = panels_of(client)["超期"]
    assert panel["count"] == "2" and set(numbers(panel)) == {fresh_one.number, old_one.number}
    assert old_one.events.filter(kind="overdue").exists()  # the history still says it


def test_a_case_with_two_overdue_clocks_is_one_reminder(registrar, handler, make_petition):
    petition = make_petition(registrar)
    Clock.objects.create(
        petition=petition,
        kind=ClockKind.OBJECTION,
        started_on=timezone.localdate() - timedelta(days=9),
        days=5,
        due_on=timezone.localdate() - timedelta(days=2),
    )
    overdue_by(petition, 1)
    tick()
    assert len(unread(handler, ReminderKind.OVERDUE)) == 1


def test_the_inbox_filters_by_kind_and_names_the_ledger(client, registrar, handler, leader, make_petition):
    urgent = make_petition(registrar, is_urgent=True)
    overdue_by(urgent, 1)
    tick()
    client.force_login(leader)
    page = client.get(reverse("inbox:list"), {"kind": ReminderKind.URGENT})
    html = page.content.decode()
    assert [r.kind for r in page.context["page"].items] == [ReminderKind.URGENT]
    assert '<option value="urgent" selected>紧急重大</option>' in html
    assert '<th style="width:8rem">台账</th>' in html and ">信访</td>" in html
    client.force_login(handler)
    assert [r.kind for r in inbox(client, kind=ReminderKind.OVERDUE)] == [ReminderKind.OVERDUE]
    assert inbox(client, kind=ReminderKind.URGENT) == []
    api = client.get("/api/v1/reminders", {"kind": ReminderKind.OVERDUE}).json()["items"]
    assert [r["kind"] for r in api] == [ReminderKind.OVERDUE]


def test_a_unit_signing_for_its_assignment_settles_its_new_assignment_reminder(
    client, handler, committee, committee_handler, accepted
):
    (assignment,) = assign(accepted, handler, lead(committee))
    assert len(unread(committee_handler, ReminderKind.ASSIGNED)) == 1
    take_assignment(assignment=assignment, by=committee_handler)
    assert unread(committee_handler, ReminderKind.ASSIGNED) == []
    assert not Reminder.objects.filter(kind=ReminderKind.ON_BEHALF).exists()  # its own act


# Fault 5: one row per petition at its most urgent clock; terminated cases are not overdue.


def test_a_case_with_an_overdue_and_a_due_soon_clock_is_one_row_under_超期_only(
    client, registrar, handler, make_petition
):
    petition = make_petition(registrar)
    today = timezone.localdate()
    Clock.objects.create(
        petition=petition,
        kind=ClockKind.OBJECTION,
        started_on=today - timedelta(days=3),
        days=5,
        due_on=today + timedelta(days=1),
    )
    Clock.objects.create(
        petition=petition,
        kind=ClockKind.HANDLING,
        started_on=today - timedelta(days=3),
        days=5,
        due_on=today - timedelta(days=2),
    )
    overdue_by(petition, 1)
    client.force_login(handler)
    panels = panels_of(client)
    assert numbers(panels["超期"]) == [petition.number] and panels["超期"]["count"] == "1"
    assert panels["超期"]["rows"][0].due_on == today - timedelta(days=2)  # its most urgent clock
    assert numbers(panels["临期"]) == [] and panels["临期"]["count"] == "0"
    listed = client.get(panels["超期"]["link"]).context["items"]
    assert [item.row.number for item in listed] == [petition.number]


def test_a_terminated_case_is_not_overdue_for_its_rating(client, registrar, handler, accepted):
    conclude(accepted, handler)
    # the review window lapses long ago, the rating window too: tick terminates the case
    Clock.objects.filter(petition=accepted).update(due_on=timezone.localdate() - timedelta(days=1))
    tick()
    petition = fresh(accepted)
    assert petition.status == Status.TERMINATED
    assert not petition.clocks.running().exists()
    client.force_login(handler)
    panels = panels_of(client)
    assert numbers(panels["超期"]) == [] and panels["超期"]["count"] == "0"
    assert Reminder.objects.filter(kind=ReminderKind.TERMINATED).count() >= 1
    tick()
    assert not Reminder.objects.filter(kind__in=[ReminderKind.OVERDUE, ReminderKind.DUE_SOON]).exists()


# Fault 8: a step taken on a unit's behalf says so.


def test_signing_for_a_unit_says_who_signed_for_which_unit_and_tells_the_unit(
    client, federation, handler, committee, committee_handler, accepted
):
    (assignment,) = assign(accepted, handler, lead(committee))
    take_assignment(assignment=assignment, by=handler)
    client.force_login(handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk])).content.decode()
    assert f"{federation}{handler.name}代{committee}签收" in page
    told = unread(committee_handler, ReminderKind.ON_BEHALF)
    assert [r.text for r in told] == [f"{accepted.number} {federation}{handler.name}已代本单位签收"]
    assert unread(committee_handler, ReminderKind.ASSIGNED) == []
    assert unread(handler, ReminderKind.ON_BEHALF) == []


def test_returning_for_a_unit_says_so(client, federation, handler, committee, committee_handler, accepted):
    (assignment,) = assign(accepted, handler, lead(committee))
    return_assignment(assignment=assignment, by=handler, data=ReturnIn(reason=ReturnReason.WRONG_UNIT))
    client.force_login(committee_handler)
    page = client.get(reverse("petitions:detail", args=[accepted.pk]))
    assert page.status_code == 200 and f"{federation}{handler.name}代{committee}退回" in page.content.decode()
    assert [r.label for r in inbox(client, kind=ReminderKind.ON_BEHALF)] == [accepted.number]
