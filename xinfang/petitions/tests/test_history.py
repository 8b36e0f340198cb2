"""Every change is an event; events cannot be changed; a concurrent correction is refused, not lost."""

import pytest
from django.urls import reverse

from xinfang.lib.exceptions import Conflict
from xinfang.petitions.actions import correct_petition
from xinfang.petitions.inputs import CorrectionIn
from xinfang.petitions.models import EventKind, PetitionEvent


def test_correction_records_who_and_what_changed(registrar, make_petition):
    petition = make_petition(registrar)
    correct_petition(
        petition=petition,
        by=registrar,
        data=CorrectionIn(version=1, facts="单位拖欠四个月工资。", is_urgent=True),
    )
    event = petition.events.get(kind=EventKind.CORRECTED)
    assert event.by == registrar
    assert event.changes["facts"] == {"from": "单位拖欠三个月工资。", "to": "单位拖欠四个月工资。"}
    assert event.changes["is_urgent"] == {"from": False, "to": True}
    assert petition.version == 2


def test_second_of_two_concurrent_corrections_gets_a_conflict(registrar, handler, make_petition):
    petition = make_petition(registrar)
    seen_by_both = petition.version
    correct_petition(
        petition=petition, by=registrar, data=CorrectionIn(version=seen_by_both, facts="甲的更正")
    )
    with pytest.raises(Conflict) as e:
        correct_petition(
            petition=petition, by=handler, data=CorrectionIn(version=seen_by_both, facts="乙的更正")
        )
    assert "已被他人修改" in e.value.message
    petition.refresh_from_db()
    assert petition.facts == "甲的更正"
    assert petition.events.filter(kind=EventKind.CORRECTED).count() == 1


def test_conflict_is_shown_on_the_page(client, registrar, make_petition):
    petition = make_petition(registrar)
    correct_petition(petition=petition, by=registrar, data=CorrectionIn(version=1, facts="先改"))
    client.force_login(registrar)
    response = client.post(
        reverse("petitions:correct", args=[petition.pk]),
        {"version": 1, "request": "r", "facts": "后改", "reasons": "x"},
        follow=True,
    )
    assert "该信访件已被他人修改，请刷新页面后重新操作。" in response.content.decode()
    petition.refresh_from_db()
    assert petition.facts == "先改"


def test_events_cannot_be_edited_or_deleted(registrar, make_petition):
    event = make_petition(registrar).events.get(kind=EventKind.REGISTERED)
    event.summary = "篡改"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert PetitionEvent.objects.get(pk=event.pk).summary != "篡改"


def test_timeline_is_shown_on_the_petition_page(client, registrar, make_petition):
    petition = make_petition(registrar)
    correct_petition(petition=petition, by=registrar, data=CorrectionIn(version=1, reasons="新的理由"))
    client.force_login(registrar)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "更正：理由" in page and "新的理由" in page and petition.number in page
