"""High 1: registering someone by an ID number already on file discloses nothing the registrar could not see.

The probe: as 清水河's registrar, register "李四" with the ID number of the petitioner of 东湖's confidential 检举控告
case. The answer named the real petitioner, the page said "曾登记 <that case>", the phone reveal returned the
stored phone and the person page turned visible."""

import pytest
from django.urls import reverse
from django.utils import timezone

from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.people.models import Person
from xinfang.petitions.inputs import PetitionerIn
from xinfang.petitions.models import EventKind, Petition

from .conftest import ACCUSER, ACCUSER_ADDRESS, ACCUSER_PHONE

TYPED_PHONE = "13700002222"


def api_payload(category, id_number, **overrides):
    data = {
        "channel": "phone",
        "received_at": timezone.now().isoformat(),
        "kind": "claim",
        "category_id": category.pk,
        "request": "要求支付工资",
        "facts": "拖欠两个月",
        "reasons": "依法应支付",
        "petitioners": [{"name": "李四", "id_number": id_number, "phone": TYPED_PHONE}],
    }
    return data | overrides


def page_data(category, id_number, phone=TYPED_PHONE):
    return {
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "source": "direct",
        "people_count": "1",
        "kind": "claim",
        "category": str(category.pk),
        "employer_name": "",
        "request": "要求支付拖欠工资。",
        "facts": "单位拖欠三个月工资。",
        "reasons": "依法应支付。",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "李四",
        "p-0-role": "main",
        "p-0-id_number": id_number,
        "p-0-phone": phone,
    }


def assert_discloses_nothing(client, petition: Petition, accusation: Petition, body: str) -> None:
    """The new petition's page, reveal and person page, as its registrar sees them."""
    assert ACCUSER not in body and accusation.number not in body
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "李四" in page
    for leaked in (ACCUSER, accusation.number, ACCUSER_ADDRESS, ACCUSER_PHONE[-4:], "曾登记", "重复信访"):
        assert leaked not in page, leaked
    party = petition.petitioners.get()
    revealed = client.post(
        reverse("petitions:reveal", args=[petition.pk, party.pk, "phone"])
    ).content.decode()
    assert ACCUSER_PHONE not in revealed
    person = party.person
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.post(reverse("people:reveal", args=[person.pk, "phone"])).status_code == 404
    assert client.get(f"/api/v1/persons/{person.pk}").status_code == 404
    assert person.pk not in [p["id"] for p in client.get("/api/v1/persons").json()]


def test_api_registration_by_the_id_number_of_a_confidential_accuser_discloses_nothing(
    client, other_registrar, accusation, accuser_id, category
):
    client.force_login(other_registrar)
    response = client.post(
        "/api/v1/petitions", api_payload(category, accuser_id), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["petitioner_names"] == "李四"
    assert [(p["name"], p["phone"]) for p in body["petitioners"]] == [("李四", "137****2222")]
    assert body["repeat_of"] is None and body["repeat_notice"] == "" and not body["not_accepted_again"]
    petition = Petition.objects.get(pk=body["id"])
    assert petition.petitioners.get().person == accusation.petitioners.get().person  # still linked
    assert_discloses_nothing(client, petition, accusation, response.content.decode())


def test_page_registration_by_the_id_number_of_a_confidential_accuser_discloses_nothing(
    client, other_registrar, accusation, accuser_id, category
):
    client.force_login(other_registrar)
    response = client.post(reverse("petitions:create"), page_data(category, accuser_id), follow=True)
    petition = Petition.objects.exclude(pk=accusation.pk).get()
    assert petition.petitioner_names == "李四"
    assert_discloses_nothing(client, petition, accusation, response.content.decode())


def test_the_reveal_on_a_petition_returns_the_number_given_there_not_the_stored_one(
    client, other_registrar, accusation, accuser_id, category
):
    client.force_login(other_registrar)
    client.post(reverse("petitions:create"), page_data(category, accuser_id, phone=TYPED_PHONE))
    petition = Petition.objects.exclude(pk=accusation.pk).get()
    party = petition.petitioners.get()
    revealed = client.post(reverse("petitions:reveal", args=[petition.pk, party.pk, "phone"]))
    assert TYPED_PHONE in revealed.content.decode()


def test_the_stored_person_keeps_its_data_and_takes_none_from_another_scope(
    other_registrar, accusation, accuser_id, make_petition
):
    make_petition(
        other_registrar,
        petitioners=[PetitionerIn(name="李四", id_number=accuser_id, phone=TYPED_PHONE, address="清水河1号")],
    )
    person = Person.objects.get(id_number=accuser_id)
    assert (person.name, person.phone, person.address) == (ACCUSER, ACCUSER_PHONE, ACCUSER_ADDRESS)


def test_the_look_up_hint_says_the_same_for_a_confidential_accuser_as_for_a_new_number(
    client, other_registrar, accusation, accuser_id, valid_id
):
    client.force_login(other_registrar)
    url = reverse("people:lookup")
    on_file = client.get(url, {"p-0-id_number": accuser_id}).content.decode()
    new = client.get(url, {"p-0-id_number": valid_id}).content.decode()
    assert ACCUSER not in on_file and "已登记" not in on_file
    assert on_file == new


def test_the_look_up_hint_names_a_person_registered_in_scope(
    client, committee_registrar, make_petition, valid_id
):
    make_petition(committee_registrar)  # 张三, registered by 东湖 on an ordinary case
    client.force_login(committee_registrar)
    hint = client.get(reverse("people:lookup"), {"p-0-id_number": valid_id}).content.decode()
    assert "已登记：张三" in hint and "138****5678" in hint


def test_a_registration_event_names_no_earlier_petition(
    other_registrar, accusation, accuser_id, make_petition
):
    petition = make_petition(other_registrar, petitioners=[PetitionerIn(name="李四", id_number=accuser_id)])
    summaries = " ".join(petition.events.values_list("summary", flat=True))
    assert accusation.number not in summaries and "重复信访" not in summaries
    assert petition.events.filter(kind=EventKind.REGISTERED).count() == 1


@pytest.fixture
def ordinary_elsewhere(committee_registrar, make_petition, accuser_id):
    """An ordinary case of 东湖 by the same person, on the same matter."""
    return make_petition(committee_registrar, petitioners=[PetitionerIn(name="王五", id_number=accuser_id)])


def test_an_earlier_ordinary_petition_outside_the_scope_gives_only_its_organisation_and_stage(
    client, other_registrar, ordinary_elsewhere, accuser_id, category, committee
):
    client.force_login(other_registrar)
    body = client.post(
        "/api/v1/petitions", api_payload(category, accuser_id), content_type="application/json"
    ).json()
    assert body["repeat_of"] is None
    assert (
        body["repeat_notice"] == f"重复信访：{committee.name}有该信访人就同一事项的信访（在办），可向其了解。"
    )
    page = client.get(reverse("petitions:detail", args=[body["id"]])).content.decode()
    assert f"{committee.name}有该信访人就同一事项的信访（在办）" in page
    assert ordinary_elsewhere.number not in page and "王五" not in page
    petition = Petition.objects.get(pk=body["id"])
    events = " ".join(petition.events.values_list("summary", flat=True))
    assert ordinary_elsewhere.number not in events and "重复信访" in events


def test_an_earlier_petition_inside_the_scope_is_named_with_its_number(
    client, registrar, committee_registrar, make_petition, valid_id
):
    earlier = make_petition(committee_registrar)  # 东湖's: inside the federation registrar's scope
    later = make_petition(registrar)
    client.force_login(registrar)
    page = client.get(reverse("petitions:detail", args=[later.pk])).content.decode()
    assert f'曾登记 <a href="{reverse("petitions:detail", args=[earlier.pk])}">{earlier.number}</a>' in page
    assert client.get(f"/api/v1/petitions/{later.pk}").json()["repeat_of"] == earlier.pk


def test_an_earlier_confidential_petition_the_user_may_see_but_not_its_accuser_is_not_named(
    client, registrar, accusation, accuser_id, make_petition
):
    """The federation registrar sees 东湖's confidential case but not who accuses: linking the new petition to it
    would name the accuser."""
    later = make_petition(registrar, petitioners=[PetitionerIn(name="李四", id_number=accuser_id)])
    client.force_login(registrar)
    page = client.get(reverse("petitions:detail", args=[later.pk])).content.decode()
    assert accusation.number not in page and "重复信访" not in page
    assert client.get(f"/api/v1/petitions/{later.pk}").json()["repeat_of"] is None


def test_the_migration_fills_the_snapshots_of_existing_rows_from_the_linked_person(accusation):
    from importlib import import_module

    from django.apps import apps

    from xinfang.petitions.models import Petitioner

    migration = import_module("xinfang.petitions.migrations.0011_petitioner_identity_snapshot")
    Petitioner.objects.update(name="", id_number="", phone="", gender="", address="")  # as before the columns
    migration.fill_from_person(apps, None)
    party = accusation.petitioners.get()
    person = party.person
    assert (party.name, party.id_number, party.phone, party.gender, party.address) == (
        person.name,
        person.id_number,
        person.phone,
        person.gender,
        person.address,
    )
    assert party.name == ACCUSER


def test_a_mediation_by_the_id_number_of_a_confidential_accuser_discloses_nothing(
    client, outsider, accusation, accuser_id, employer
):
    from datetime import timedelta

    from xinfang.mediations.actions import register_mediation

    mediation = register_mediation(
        by=outsider,
        data=MediationIn(
            body="committee",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=1),
            dispute_type="pay",
            claims="要求支付拖欠工资。",
            workers=[WorkerIn(name="李四", id_number=accuser_id)],
            mediators="张调解",
            employer_id=employer.pk,
        ),
    )
    client.force_login(outsider)
    page = client.get(reverse("mediations:detail", args=[mediation.pk])).content.decode()
    assert ACCUSER not in page and "李四" in page
