"""An employer's page is built from the sections the ledgers register (orgs/sections.py), each read through its
ledger's scope rule. The register of employers is shared by every desk; what the ledgers hold about one is not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.orgs import sections
from xinfang.petitions import sections as petition_sections


@pytest.fixture
def mediate(handler, employer, valid_id):
    def make():
        data = MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id, phone="13812345678")],
            employer_id=employer.pk,
            amount_claimed=Decimal("18000.00"),
        )
        return register_mediation(by=handler, data=data)

    return make


@pytest.fixture
def petition_and_case(registrar, make_petition, mediate, employer):
    return make_petition(registrar, employer_id=employer.pk), mediate()


def page(client, user, employer, **params):
    client.force_login(user)
    return client.get(reverse("orgs:employer_detail", args=[employer.pk]), params)


def test_the_employers_petitions_and_mediation_cases_show_in_their_sections(
    client, handler, employer, petition_and_case
):
    petition, mediation = petition_and_case
    body = page(client, handler, employer).content.decode()
    assert petition.number in body and mediation.number in body
    assert body.index("被反映的信访件") < body.index(petition.number)
    assert body.index(petition.number) < body.index("劳动争议调解案件") < body.index(mediation.number)


def test_the_outsider_sees_the_employer_but_neither_record(client, outsider, employer, petition_and_case):
    petition, mediation = petition_and_case
    response = page(client, outsider, employer)
    assert response.status_code == 200
    body = response.content.decode()
    assert "被反映的信访件" in body and "劳动争议调解案件" in body
    assert petition.number not in body and mediation.number not in body


def test_the_petitions_are_keyset_paginated(client, handler, registrar, make_petition, employer, monkeypatch):
    monkeypatch.setattr(petition_sections, "EMPLOYER_PAGE_SIZE", 2)
    numbers = [make_petition(registrar, employer_id=employer.pk).number for _ in range(3)]
    first = page(client, handler, employer).context["sections"][0][1]["page"]
    assert [p.number for p in first.items] == numbers[:0:-1] and first.next_cursor
    second = page(client, handler, employer, cursor=first.next_cursor).context["sections"][0][1]["page"]
    assert [p.number for p in second.items] == numbers[:1] and second.next_cursor is None


def test_more_mediation_cases_than_shown_link_to_the_ledgers_list(
    client, handler, employer, mediate, monkeypatch
):
    from xinfang.mediations import sections as mediation_sections

    monkeypatch.setattr(mediation_sections, "EMPLOYER_SHOWN", 1)
    mediate()
    link = f"{reverse('mediations:list')}?employer={employer.pk}"
    assert link not in page(client, handler, employer).content.decode()
    mediate()
    assert link in page(client, handler, employer).content.decode()


def test_a_section_registered_by_a_test_shows_up(client, handler, employer, settings, tmp_path, monkeypatch):
    (tmp_path / "_probe_section.html").write_text("<h2>{{ section.title }}</h2><p>{{ data.note }}</p>")
    settings.TEMPLATES = [settings.TEMPLATES[0] | {"DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    monkeypatch.setattr(sections, "_SECTIONS", list(sections._SECTIONS))
    sections.register_employer_section(
        sections.EmployerSection(
            title="集体合同",
            order=5,
            template="_probe_section.html",
            context=lambda employer, user, query: {"note": f"{employer.name}·{query.get('year')}"},
        )
    )
    body = page(client, handler, employer, year="2026").content.decode()
    assert "<h2>集体合同</h2><p>鸿寅电子有限公司·2026</p>" in body
    assert body.index("集体合同") < body.index("被反映的信访件")


def test_the_page_takes_a_fixed_number_of_queries(
    client, handler, registrar, make_petition, mediate, employer, django_assert_num_queries
):
    records = [make_petition(registrar, employer_id=employer.pk), mediate()]
    client.force_login(handler)
    url = reverse("orgs:employer_detail", args=[employer.pk])
    # session, user with its organisation (one query: accounts.backends.UserWithOrgBackend), employer, petitions,
    # mediations, union coverage, collective contracts, unread reminders (the session is not saved: the login just
    # did, accounts.sessions)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(4):
        records += [make_petition(registrar, employer_id=employer.pk), mediate()]
    with django_assert_num_queries(8):
        body = client.get(url).content.decode()
    assert all(record.number in body for record in records)
