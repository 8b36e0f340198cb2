"""Reminders name no ledger: a reminder is about a record of any ledger (its ledger, id, label and link), the
inbox shows and filters them by ledger, and the migration carried the old petition reminders over."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.models import Reminder, ReminderKind, remind
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn


@pytest.fixture
def mediation(handler, employer, valid_id):
    data = MediationIn(
        body="federation",
        application_form="written",
        received_on=timezone.localdate() - timedelta(days=1),
        dispute_type="pay",
        claims="要求支付拖欠的工资。",
        workers=[WorkerIn(name="王五", id_number=valid_id)],
        employer_id=employer.pk,
    )
    return register_mediation(by=handler, data=data)


@pytest.fixture
def petition(registrar, make_petition):
    return make_petition(registrar)


def test_a_reminder_keeps_its_records_ledger_label_and_link_and_is_written_once_per_key(
    handler, approver, petition, mediation
):
    users = [handler, approver, handler]
    assert remind(users=users, kind=ReminderKind.OVERDUE, text="超期", record=petition, key="k:1") == 2
    remind(users=users, kind=ReminderKind.OVERDUE, text="超期", record=petition, key="k:1")
    remind(users=[handler], kind=ReminderKind.OVERDUE, text="期限届满", record=mediation, key="k:2")
    about_petition = Reminder.objects.about(petition)
    assert about_petition.count() == 2
    assert {(r.ledger, r.record_id, r.label, r.link) for r in about_petition} == {
        ("petitions", petition.pk, petition.number, reverse("petitions:detail", args=[petition.pk]))
    }
    about_mediation = Reminder.objects.about(mediation).get()
    assert (about_mediation.ledger, about_mediation.label) == ("mediations", mediation.number)
    assert about_mediation.link == reverse("mediations:detail", args=[mediation.pk])


def test_the_inbox_shows_each_records_label_under_事项_and_filters_by_ledger(
    client, handler, outsider, petition, mediation
):
    remind(users=[handler], kind=ReminderKind.ASSIGNED, text="新交办", record=petition)
    remind(users=[handler], kind=ReminderKind.OVERDUE, text="期限届满", record=mediation)
    client.force_login(handler)
    page = client.get(reverse("inbox:list"))
    html = page.content.decode()
    assert '<th style="width:10rem">事项</th>' in html and "信访件</th>" not in html
    assert petition.number in html and mediation.number in html
    assert page.context["ledgers"] == [("petitions", "信访"), ("mediations", "劳动争议调解")]
    only = client.get(reverse("inbox:list"), {"ledger": "mediations"})
    assert [r.label for r in only.context["page"].items] == [mediation.number]
    assert '<option value="mediations" selected>劳动争议调解</option>' in only.content.decode()
    unread = client.get(reverse("inbox:list"), {"ledger": "mediations", "unread": "1"}).content.decode()
    assert 'href="?ledger=mediations">显示全部</a>' in unread  # the filter is kept
    api = client.get("/api/v1/reminders", {"ledger": "petitions"}).json()["items"]
    assert [(r["ledger"], r["record_id"], r["label"], r["link"]) for r in api] == [
        ("petitions", petition.pk, petition.number, reverse("petitions:detail", args=[petition.pk]))
    ]
    opened = client.post(reverse("inbox:open", args=[only.context["page"].items[0].pk]))
    assert opened.url == reverse("mediations:detail", args=[mediation.pk])
    client.force_login(outsider)  # another user's reminder: not found, whatever the ledger
    assert client.get(reverse("inbox:list")).context["ledgers"] == []
    assert client.post(reverse("inbox:open", args=[only.context["page"].items[0].pk])).status_code == 404
    assert client.get(reverse("mediations:detail", args=[mediation.pk])).status_code == 404


BEFORE, AFTER = ("inbox", "0002_reminder_link"), ("inbox", "0004_remove_reminder_petition")


@pytest.mark.usefixtures("committed_db")
def test_the_migration_carries_every_reminder_over_to_its_record(handler, petition, mediation):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        Old = executor.loader.project_state([BEFORE]).apps.get_model("inbox", "Reminder")
        Old.objects.create(user_id=handler.pk, petition_id=petition.pk, kind="overdue", text="超期", key="a")
        Old.objects.create(
            user_id=handler.pk, kind="overdue", text="期限届满", link=f"/mediations/{mediation.pk}/", key="b"
        )
        Old.objects.create(user_id=handler.pk, kind="assigned", text="无关事项")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
    carried = {r.text: (r.ledger, r.record_id, r.label, r.link) for r in Reminder.objects.all()}
    assert carried == {
        "超期": ("petitions", petition.pk, petition.number, f"/petitions/{petition.pk}/"),
        "期限届满": ("mediations", mediation.pk, mediation.number, f"/mediations/{mediation.pk}/"),
        "无关事项": ("", None, "", ""),
    }
    assert Reminder.objects.get(text="超期").link == reverse("petitions:detail", args=[petition.pk])
