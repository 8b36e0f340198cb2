"""A person's page is built from the sections the ledgers register (people/sections.py), each read through its
ledger's scope rule."""

import pytest
from django.urls import reverse

from xinfang.people import sections
from xinfang.people.models import Person
from xinfang.petitions.inputs import PetitionerIn


@pytest.fixture
def petition_and_case(registrar, make_petition, mediate):
    """One person (by ID number): a petitioner and a mediation worker, both cases of the federation."""
    return make_petition(registrar), mediate()


def page(client, user, person: Person):
    client.force_login(user)
    return client.get(reverse("people:detail", args=[person.pk]))


def test_a_petitioner_who_is_also_a_mediation_worker_shows_both_sections(client, handler, petition_and_case):
    petition, mediation = petition_and_case
    person = petition.petitioners.get().person
    assert mediation.workers.get().person == person
    body = page(client, handler, person).content.decode()
    assert "信访记录（1 件）" in body and petition.number in body
    assert "劳动争议调解（1 宗）" in body and mediation.number in body
    assert body.index("信访记录（") < body.index("劳动争议调解（")  # in their registered order


def test_the_outsider_gets_404_and_sees_neither_section(client, outsider, petition_and_case):
    petition, mediation = petition_and_case
    response = page(client, outsider, petition.petitioners.get().person)
    assert response.status_code == 404
    body = response.content.decode()
    assert petition.number not in body and mediation.number not in body


def test_each_section_reads_through_its_own_ledgers_scope(
    client, committee, committee_handler, registrar, make_petition, mediate
):
    """A committee handler sees the person through a mediation case of the committee (the mediation ledger opens
    the person), and that case; the federation's petition of the same person stays out of his section."""
    petition = make_petition(registrar)
    mediation = mediate(org=committee)
    body = page(client, committee_handler, petition.petitioners.get().person).content.decode()
    assert "劳动争议调解（1 宗）" in body and mediation.number in body
    assert "信访记录（0 件）" in body and petition.number not in body


def test_a_section_registered_by_a_test_shows_up_in_its_order(
    client, handler, petition_and_case, settings, tmp_path, monkeypatch
):
    (tmp_path / "_probe_section.html").write_text("<h2>{{ section.title }}</h2><p>{{ data.note }}</p>")
    settings.TEMPLATES = [settings.TEMPLATES[0] | {"DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    monkeypatch.setattr(sections, "_SECTIONS", list(sections._SECTIONS))
    sections.register_person_section(
        sections.PersonSection(
            title="试点台账",
            order=15,
            template="_probe_section.html",
            context=lambda person, user: {"note": f"{person.name}·{user.username}"},
        )
    )
    body = page(client, handler, petition_and_case[0].petitioners.get().person).content.decode()
    assert "<h2>试点台账</h2><p>张三·handler</p>" in body
    assert body.index("信访记录（") < body.index("<h2>试点台账") < body.index("劳动争议调解（")


def test_the_page_takes_a_fixed_number_of_queries(
    client, handler, registrar, make_petition, mediate, valid_id, django_assert_num_queries
):
    make_petition(registrar)
    mediate()
    person = Person.objects.get(id_number=valid_id)
    client.force_login(handler)
    url = reverse("people:detail", args=[person.pk])
    # session, user with its organisation (one query), person, petitions, mediations, unread reminders (the session is
    # not saved: the login just did, accounts.sessions)
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    for _ in range(4):
        make_petition(registrar, petitioners=[PetitionerIn(name="张三", id_number=valid_id)])
        mediate()
    with django_assert_num_queries(6):
        body = client.get(url).content.decode()
    assert "信访记录（5 件）" in body and "劳动争议调解（5 宗）" in body
