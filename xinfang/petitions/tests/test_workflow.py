"""The state machine as data: every step, allowed and forbidden, by status and by role, in one place."""

import pytest
from django.core.management import call_command

from xinfang.accounts.abilities import roles_with
from xinfang.accounts.models import Role
from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.workdays import WORKING_DAYS
from xinfang.petitions.inputs import IntakeDecisionIn
from xinfang.petitions.models import ClockKind, Source, Status
from xinfang.petitions.workflow import STEPS, allowed_steps, check_step

from .steps import fresh


@pytest.mark.parametrize("step_name", list(STEPS))
def test_each_step_is_refused_from_every_other_status_with_a_chinese_message(step_name, accepted, handler):
    step = STEPS[step_name]
    for status in Status.values:
        if status in step.sources:
            continue
        accepted.status = status
        with pytest.raises(NotAllowed) as e:
            check_step(accepted, step_name, handler)
        assert f"不能执行“{step.label}”" in e.value.message


@pytest.mark.parametrize("step_name", list(STEPS))
def test_each_step_is_refused_to_roles_without_it(step_name, accepted, request):
    step = STEPS[step_name]
    accepted.status = next(iter(step.sources))
    for role in Role.values:
        if role in roles_with(step.ability):
            continue
        user = request.getfixturevalue(
            {
                "registrar": "registrar",
                "handler": "handler",
                "approver": "approver",
                "leader": "leader",
                "administrator": "administrator",
            }[role]
        )
        with pytest.raises(NotAllowed) as e:
            check_step(accepted, step_name, user)
        assert "您的角色" in e.value.message


@pytest.mark.parametrize("step_name", [n for n, s in STEPS.items() if s.actor == "owner"])
def test_owner_steps_are_allowed_to_the_owner_and_refused_to_another_committee(
    step_name, accepted, administrator, outsider
):
    step = STEPS[step_name]
    accepted.status = next(iter(step.sources))
    # An administrator, or for 督办 (leaders and approvers only) an approver: the role is not what is tried.
    role = Role.ADMINISTRATOR if Role.ADMINISTRATOR in roles_with(step.ability) else Role.APPROVER
    administrator.role = outsider.role = role
    assert check_step(accepted, step_name, administrator) is step
    with pytest.raises(NotAllowed):
        check_step(accepted, step_name, outsider)


def test_the_page_offers_exactly_the_allowed_steps(accepted, handler, leader):
    assert set(allowed_steps(accepted, handler)) == {
        "assign",
        "add_note",
        "request_extension",
        "conclude",
        "correct",
    }
    assert allowed_steps(accepted, leader) == ["supervise"]  # the leader's one write (督办)


def test_transferred_item_gets_the_five_working_day_objection_clock(registrar, make_petition, upper):
    petition = make_petition(registrar, source=Source.TRANSFERRED, source_org_id=upper.pk)
    clock = petition.clocks.get(kind=ClockKind.OBJECTION)
    assert clock.unit == WORKING_DAYS and clock.days == 5
    direct = make_petition(registrar)
    assert not direct.clocks.filter(kind=ClockKind.OBJECTION).exists()


def test_objection_clock_stops_with_the_intake_decision(registrar, handler, make_petition, upper):
    from xinfang.petitions.actions import decide_intake

    petition = make_petition(registrar, source=Source.TRANSFERRED, source_org_id=upper.pk)
    decide_intake(petition=petition, by=handler, data=IntakeDecisionIn(decision="accept", version=1))
    assert fresh(petition).clocks.get(kind=ClockKind.OBJECTION).stopped_at is not None


def test_tick_writes_each_reminder_once_to_the_responsible_staff(registrar, handler, approver, make_petition):
    from datetime import timedelta

    from django.utils import timezone

    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    call_command("tick")
    call_command("tick")
    reminders = Reminder.objects.about(petition).filter(kind=ReminderKind.OVERDUE)
    assert sorted(r.user.username for r in reminders) == ["approver", "handler"]
    assert "受理告知期限已于" in reminders[0].text


def test_inbox_shows_only_my_reminders_and_marks_them_read(
    client, registrar, handler, approver, make_petition
):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    call_command("tick")
    client.force_login(handler)
    page = client.get(reverse("inbox:list"))
    items = page.context["page"].items
    assert len(items) == 1 and page.context["unread_reminders"] == 1
    response = client.post(reverse("inbox:open", args=[items[0].pk]))
    assert response.status_code == 302
    assert client.get(reverse("inbox:list")).context["unread_reminders"] == 0
    client.force_login(approver)
    assert client.get(reverse("inbox:list")).context["unread_reminders"] == 1
    assert client.post(reverse("inbox:open", args=[items[0].pk])).status_code == 404


def test_a_holiday_change_recomputes_running_clocks_with_an_event(
    registrar, make_petition, upper, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from xinfang.clocks.models import HolidayOverride
    from xinfang.petitions.models import EventKind

    petition = make_petition(registrar, source=Source.TRANSFERRED, source_org_id=upper.pk)
    clock = petition.clocks.get(kind=ClockKind.OBJECTION)
    before = clock.due_on
    # A working day inside the period becomes a day off: five working days end one working day later.
    day = next(
        clock.started_on + timedelta(days=i)
        for i in range(1, 10)
        if (clock.started_on + timedelta(days=i)).weekday() < 5
        and clock.started_on + timedelta(days=i) < before
    )
    with django_capture_on_commit_callbacks(execute=True):
        override = HolidayOverride.objects.create(on=day, is_working_day=False, note="临时停工")
    clock.refresh_from_db()
    assert clock.due_on > before
    event = petition.events.get(kind=EventKind.CLOCK_RECOMPUTED)
    assert event.changes == {"clock": "objection", "from": before.isoformat(), "to": clock.due_on.isoformat()}
    # Taking the override back moves it back, with a second event.
    with django_capture_on_commit_callbacks(execute=True):
        override.delete()
    clock.refresh_from_db()
    assert clock.due_on == before
    assert petition.events.filter(kind=EventKind.CLOCK_RECOMPUTED).count() == 2
