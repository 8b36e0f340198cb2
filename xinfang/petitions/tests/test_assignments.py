"""Assignment (交办) to handling units: take, return with a reason, report; the units' access."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.lib.exceptions import NotAllowed
from xinfang.petitions.actions import finish_assignment, return_assignment, take_assignment
from xinfang.petitions.inputs import ExtensionIn, FinishIn, IntakeDecisionIn, ReturnIn
from xinfang.petitions.models import (
    AssignmentRole,
    AssignmentStatus,
    ClockKind,
    EventKind,
    Petition,
    ReturnReason,
    Status,
)

from .steps import assign, conclude, fresh, lead


@pytest.fixture
def partner(federation):
    from xinfang.orgs.models import Org, OrgKind

    return Org.objects.create(name="区人社局劳动监察大队", kind=OrgKind.PARTNER, parent=federation)


@pytest.fixture
def partner_handler(partner):
    from xinfang.accounts.models import Role, User

    return User.objects.create_user(
        username="partner", password="x-Testing-2026", role=Role.HANDLER, org=partner
    )


@pytest.fixture
def assigned(accepted, handler, committee, partner, committee_handler):
    due = timezone.localdate() + timedelta(days=20)
    assign(accepted, handler, (committee, AssignmentRole.LEAD, due), (partner, AssignmentRole.ASSIST))
    return fresh(accepted)


def test_assignment_gives_each_unit_its_own_clock_and_a_reminder(assigned, committee, committee_handler):
    assert assigned.status == Status.ASSIGNED
    assist, lead_a = assigned.assignments.order_by("role")  # assist < lead
    assert (assist.role, lead_a.role) == (AssignmentRole.ASSIST, AssignmentRole.LEAD)
    clock = lead_a.clocks.get()
    assert clock.kind == ClockKind.ASSIGNMENT and clock.due_on >= timezone.localdate() + timedelta(days=20)
    assert assist.clocks.get().days == 30  # the policy default when no date is given
    reminder = Reminder.objects.get(user=committee_handler, kind=ReminderKind.ASSIGNED)
    assert assigned.number in reminder.text


def test_a_second_lead_is_refused(assigned, handler, other_committee):
    with pytest.raises(ValidationError) as e:
        assign(assigned, handler, lead(other_committee))
    assert "一件信访只能有一个主办单位" in e.value.messages[0]


def test_a_unit_outside_the_federation_cannot_be_assigned(accepted, handler, upper):
    with pytest.raises(ValidationError) as e:
        assign(accepted, handler, lead(upper))
    assert "不能接受交办" in e.value.messages[0]


def test_unit_takes_and_the_petition_is_in_handling(assigned, committee_handler):
    assignment = assigned.assignments.get(role=AssignmentRole.LEAD)
    take_assignment(assignment=assignment, by=committee_handler)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.TAKEN and assignment.taken_by == committee_handler
    assert fresh(assigned).status == Status.HANDLING
    assert assigned.events.filter(kind=EventKind.TAKEN).exists()


def test_another_unit_cannot_take_it(assigned, outsider):
    assignment = assigned.assignments.get(role=AssignmentRole.LEAD)
    with pytest.raises(NotAllowed):
        take_assignment(assignment=assignment, by=outsider)


def test_return_needs_a_reason_and_goes_back_to_the_dispatcher(
    assigned, handler, committee_handler, partner_handler
):
    assignment = assigned.assignments.get(role=AssignmentRole.LEAD)
    with pytest.raises(ValidationError) as e:
        return_assignment(assignment=assignment, by=committee_handler, data=ReturnIn(reason=""))
    assert e.value.message_dict == {"reason": ["请选择退回原因。"]}
    return_assignment(
        assignment=assignment, by=committee_handler, data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT)
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert assignment.clocks.get().stopped_at is not None
    assert Reminder.objects.filter(user=handler, kind=ReminderKind.RETURNED).count() == 1
    # The assisting unit is still on it, so the petition stays assigned; when it returns too, it waits again.
    assert fresh(assigned).status == Status.ASSIGNED
    assist = assigned.assignments.get(role=AssignmentRole.ASSIST)
    with pytest.raises(NotAllowed):  # not the committee's assignment
        return_assignment(
            assignment=assist, by=committee_handler, data=ReturnIn(reason=ReturnReason.DUPLICATE)
        )
    return_assignment(assignment=assist, by=partner_handler, data=ReturnIn(reason=ReturnReason.DUPLICATE))
    assert fresh(assigned).status == Status.ACCEPTED


def test_conclusion_waits_for_the_lead_units_report(assigned, handler, committee_handler):
    with pytest.raises(NotAllowed) as e:
        conclude(assigned, handler)
    assert "尚未反馈办理结果" in e.value.message
    assignment = assigned.assignments.get(role=AssignmentRole.LEAD)
    with pytest.raises(NotAllowed):  # not taken yet
        finish_assignment(assignment=assignment, by=committee_handler, data=FinishIn(report="已协调"))
    take_assignment(assignment=assignment, by=committee_handler)
    finish_assignment(assignment=assignment, by=committee_handler, data=FinishIn(report="已协调单位支付工资"))
    petition = conclude(assigned, handler)
    assert petition.status == Status.CONCLUDED
    # The assisting unit's assignment closes with the case.
    assert not petition.assignments.active().exists()


def test_unit_sees_the_case_and_keeps_read_access_after_returning_it(client, assigned, committee_handler):
    client.force_login(committee_handler)
    url = reverse("petitions:detail", args=[assigned.pk])
    page = client.get(url)
    assert page.context["my_assignment"] is not None and page.context["can_take"]
    assert page.context["conclusion_form"] is None  # only the responsible organisation concludes
    ids = [p.pk for p in client.get(reverse("petitions:list")).context["page"].items]
    assert assigned.pk in ids
    assignment = assigned.assignments.get(role=AssignmentRole.LEAD)
    client.post(reverse("petitions:return", args=[assigned.pk, assignment.pk]), {"reason": "wrong_unit"})
    page = client.get(url)
    assert page.status_code == 200 and page.context["my_assignment"] is None
    assert "现仅可查看" in page.content.decode()


def test_unit_cannot_take_owner_steps(assigned, committee_handler):
    from xinfang.petitions.actions import request_extension

    take_assignment(assignment=assigned.assignments.get(role=AssignmentRole.LEAD), by=committee_handler)
    with pytest.raises(NotAllowed) as e:
        request_extension(
            petition=fresh(assigned), by=committee_handler, data=ExtensionIn(days=10, reason="复杂")
        )
    assert "您所在单位不能执行" in e.value.message


def test_outsider_gets_404_and_sees_nothing(client, assigned, outsider):
    client.force_login(outsider)
    assert client.get(reverse("petitions:detail", args=[assigned.pk])).status_code == 404
    assert client.get(f"/api/v1/petitions/{assigned.pk}").status_code == 404
    assert assigned.pk not in [p.pk for p in Petition.objects.visible_to(outsider)]


def test_lead_units_handler_sees_a_confidential_petitioner(
    registrar, handler, committee, committee_handler, make_petition
):
    from xinfang.petitions.actions import decide_intake
    from xinfang.petitions.models import Kind, identity_visible_q

    petition = make_petition(registrar, kind=Kind.ACCUSATION)
    petition = decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1)
    )
    assert not petition.identity_visible_to(committee_handler)
    assign(petition, handler, lead(committee))
    petition = fresh(petition)
    assert petition.identity_visible_to(committee_handler)
    assert Petition.objects.filter(identity_visible_q(committee_handler), pk=petition.pk).exists()


def test_pages_assign_take_and_finish(client, accepted, handler, committee, committee_handler):
    client.force_login(handler)
    response = client.post(
        reverse("petitions:assign", args=[accepted.pk]),
        {"version": fresh(accepted).version, "lead": committee.pk, "instructions": "请核实"},
    )
    assert response.status_code == 302
    assignment = accepted.assignments.get()
    client.force_login(committee_handler)
    client.post(reverse("petitions:take", args=[accepted.pk, assignment.pk]))
    client.post(reverse("petitions:finish", args=[accepted.pk, assignment.pk]), {"report": "已协调解决"})
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.FINISHED and assignment.report == "已协调解决"


def test_to_take_queue_on_the_home_page(client, assigned, committee_handler):
    client.force_login(committee_handler)
    panels = {p["title"]: p for p in client.get(reverse("home")).context["panels"]}
    assert [p.pk for p in panels["待签收"]["rows"]] == [assigned.pk]


def test_list_of_confidential_cases_runs_no_query_per_row(
    client, registrar, handler, committee, make_petition
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xinfang.accounts.models import Role, User
    from xinfang.petitions.actions import decide_intake
    from xinfang.petitions.models import Kind

    unit = User.objects.create_user(
        username="unit", password="x-Testing-2026", role=Role.HANDLER, org=committee
    )

    def confidential_assigned():
        p = decide_intake(
            petition=make_petition(registrar, kind=Kind.ACCUSATION),
            by=handler,
            data=IntakeDecisionIn(decision="accept", version=1),
        )
        assign(p, handler, lead(committee))

    confidential_assigned()
    client.force_login(unit)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("petitions:list"))
    for _ in range(5):
        confidential_assigned()
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("petitions:list"))
    assert len(many) == len(few)
    # The committee leads these cases: its handler sees who the petitioners are.
    assert {p.shown_names for p in page.context["page"].items} == {"张三"}


def test_unit_list_pages_through_owned_and_assigned_cases_in_order(
    client, registrar, handler, committee, committee_registrar, make_petition
):
    """The committee's list merges its own cases with those assigned to it, newest first, across pages."""
    from datetime import timedelta as td

    from xinfang.accounts.models import Role, User
    from xinfang.petitions.actions import decide_intake

    unit = User.objects.create_user(
        username="unit", password="x-Testing-2026", role=Role.HANDLER, org=committee
    )
    expected = []
    for i in range(7):
        when = timezone.now() - td(hours=10 - i)
        if i % 2:
            p = make_petition(committee_registrar, received_at=when)  # owned by the committee
        else:
            p = decide_intake(
                petition=make_petition(registrar, received_at=when),
                by=handler,
                data=IntakeDecisionIn(decision="accept", version=1),
            )
            assign(p, handler, lead(committee))  # owned by the federation, assigned to the committee
        expected.append(p.pk)
    make_petition(registrar)  # the federation's own, never assigned: not the committee's
    client.force_login(unit)
    seen, url = [], reverse("petitions:list") + "?"
    from xinfang.petitions.views import pages

    pages.PAGE_SIZE, old = 3, pages.PAGE_SIZE
    try:
        while url:
            page = client.get(url).context["page"]
            seen += [p.pk for p in page.items]
            url = f"{reverse('petitions:list')}?cursor={page.next_cursor}" if page.next_cursor else ""
    finally:
        pages.PAGE_SIZE = old
    assert seen == list(reversed(expected))
