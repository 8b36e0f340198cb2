"""Taking (签收) and returning (退回) an assignment move the petition through the workflow kit's conditional update:
a unit acting on a page older than the petition, or at the same moment as another unit, gets a Conflict, and
nothing of its step is saved (not the assignment, not its clock, not an event or a reminder)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.models import ApiToken, Role, User
from xinfang.conftest import PASSWORD
from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.lib.exceptions import Conflict
from xinfang.orgs.models import Org, OrgKind
from xinfang.petitions.actions import correct_petition, return_assignment, take_assignment
from xinfang.petitions.inputs import CorrectionIn, ReturnIn
from xinfang.petitions.models import AssignmentRole, AssignmentStatus, EventKind, ReturnReason, Status

from .steps import assign, fresh

STALE = "该信访件已被他人处理或修改，请刷新页面后重新操作。"


@pytest.fixture
def partner(federation):
    return Org.objects.create(name="区人社局劳动监察大队", kind=OrgKind.PARTNER, parent=federation)


@pytest.fixture
def partner_handler(partner):
    return User.objects.create_user(
        username="partner", password=PASSWORD, name="监察大队承办人", role=Role.HANDLER, org=partner
    )


@pytest.fixture
def assigned(accepted, handler, committee, partner, committee_handler, partner_handler):
    """Led by the committee, assisted by the partner unit; neither has taken it yet."""
    due = timezone.localdate() + timedelta(days=20)
    assign(accepted, handler, (committee, AssignmentRole.LEAD, due), (partner, AssignmentRole.ASSIST))
    return fresh(accepted)


def _units(petition):
    return petition.assignments.get(role=AssignmentRole.LEAD), petition.assignments.get(
        role=AssignmentRole.ASSIST
    )


def test_two_units_taking_at_once_the_second_gets_a_conflict(assigned, committee_handler, partner_handler):
    lead, assist = _units(assigned)
    seen_by_both = assigned.version
    take_assignment(assignment=lead, by=committee_handler, expected_version=seen_by_both)
    with pytest.raises(Conflict) as conflict:
        take_assignment(assignment=assist, by=partner_handler, expected_version=seen_by_both)
    assert conflict.value.message == STALE
    assist.refresh_from_db()
    assert assist.status == AssignmentStatus.PENDING and assist.taken_by is None
    petition = fresh(assigned)
    assert petition.status == Status.HANDLING and petition.version == seen_by_both + 1
    assert petition.events.filter(kind=EventKind.TAKEN).count() == 1
    # Reloaded, the second unit takes it.
    take_assignment(assignment=assist, by=partner_handler, expected_version=petition.version)
    assert fresh(assigned).version == seen_by_both + 2


def test_two_units_returning_at_once_cannot_both_leave_it_waiting_on_the_other(
    assigned, handler, committee_handler, partner_handler
):
    lead, assist = _units(assigned)
    seen_by_both = assigned.version
    return_assignment(
        assignment=lead,
        by=committee_handler,
        data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT, version=seen_by_both),
    )
    assert fresh(assigned).status == Status.ASSIGNED  # the partner is still on it
    with pytest.raises(Conflict):
        # Its page, loaded before the committee returned, still shows the committee on the case.
        return_assignment(
            assignment=assist,
            by=partner_handler,
            data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT, version=seen_by_both),
        )
    assist.refresh_from_db()
    assert assist.status == AssignmentStatus.PENDING and assist.clocks.get().stopped_at is None
    assert fresh(assigned).events.filter(kind=EventKind.RETURNED).count() == 1
    assert (
        Reminder.objects.filter(kind=ReminderKind.RETURNED, key=f"assignment:{assist.pk}:returned").count()
        == 0
    )
    # Reloaded: the last unit returns it, and the petition waits for a new assignment.
    return_assignment(
        assignment=assist,
        by=partner_handler,
        data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT, version=fresh(assigned).version),
    )
    assert fresh(assigned).status == Status.ACCEPTED


def test_without_a_version_the_petition_as_read_now_is_taken(assigned, committee_handler, partner_handler):
    lead, assist = _units(assigned)
    return_assignment(assignment=lead, by=committee_handler, data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT))
    return_assignment(assignment=assist, by=partner_handler, data=ReturnIn(reason=ReturnReason.NOT_OUR_REMIT))
    petition = fresh(assigned)
    assert petition.status == Status.ACCEPTED and petition.version == assigned.version + 2


def test_a_page_older_than_the_petition_cannot_take(client, assigned, registrar, committee_handler):
    lead, _ = _units(assigned)
    page_version = assigned.version
    correct_petition(
        petition=assigned, by=registrar, data=CorrectionIn(version=page_version, facts="补充事实")
    )
    client.force_login(committee_handler)
    response = client.post(
        reverse("petitions:take", args=[assigned.pk, lead.pk]), {"version": page_version}, follow=True
    )
    assert STALE in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.PENDING
    # The page as it is now offers the current version, and taking works.
    page = client.get(reverse("petitions:detail", args=[assigned.pk])).content.decode()
    assert f'name="version" value="{page_version + 1}"' in page
    client.post(reverse("petitions:take", args=[assigned.pk, lead.pk]), {"version": page_version + 1})
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.TAKEN


def test_a_stale_return_through_the_page_is_refused(client, assigned, registrar, committee_handler):
    lead, _ = _units(assigned)
    page_version = assigned.version
    correct_petition(petition=assigned, by=registrar, data=CorrectionIn(version=page_version, facts="补"))
    client.force_login(committee_handler)
    response = client.post(
        reverse("petitions:return", args=[assigned.pk, lead.pk]),
        {"version": page_version, "reason": ReturnReason.NOT_OUR_REMIT},
        follow=True,
    )
    assert STALE in response.content.decode()
    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.PENDING


def test_the_api_takes_with_or_without_a_version(client, assigned, committee_handler, partner_handler):
    lead, assist = _units(assigned)
    _, key = ApiToken.issue(user=committee_handler, name="t")
    auth = {"Authorization": f"Bearer {key}"}
    base = f"/api/v1/petitions/{assigned.pk}/assignments"
    stale = client.post(f"{base}/{lead.pk}/take?version={assigned.version - 1}", headers=auth)
    assert stale.status_code == 409 and stale.json()["detail"] == STALE
    assert (
        client.post(f"{base}/{lead.pk}/take?version={assigned.version}", headers=auth).json()["status"]
        == "taken"
    )
    _, key = ApiToken.issue(user=partner_handler, name="t")
    taken = client.post(f"{base}/{assist.pk}/take", headers={"Authorization": f"Bearer {key}"})
    assert taken.status_code == 200 and taken.json()["status"] == "taken"
