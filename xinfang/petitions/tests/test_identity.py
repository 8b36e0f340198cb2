"""The identity matrix: who sees a petitioner's name, ID number and phone, on every surface that shows people.

Every role (the federation's registrar, handler, approver, leader and administrator; a committee's handler and
registrar; a handler of another committee) × confidential and ordinary cases, owned by the federation (and led
by the committee) or by the committee × every surface. The expected answers are written out below, from
docs/scope.md; each surface only answers "did this user get the petitioner's identity here".

A new surface (imports, search, statistics, the portal …) joins by adding one ``Surface`` to ``SURFACES``: its
probe, and which rule it follows (the identity rule; the identity rule and the right to reveal; never).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from xinfang.lib.idnumber import make_id_number
from xinfang.petitions.actions import decide_intake, generate_document, register_petition
from xinfang.petitions.inputs import DocumentIn, IntakeDecisionIn, PetitionerIn
from xinfang.petitions.models import IntakeDecision, Kind, Petition

from .steps import assign, fresh, lead

USERS = (
    "registrar",
    "handler",
    "approver",
    "leader",
    "administrator",
    "committee_handler",
    "committee_registrar",
    "outsider",
)
CAN_REVEAL = {"registrar", "handler", "approver", "administrator", "committee_handler", "committee_registrar"}

# Who may see the petitioners of a confidential case (Petition.identity_visible_to): whoever registered it, the
# handlers and approvers of the owning organisation and of the unit leading its handling, the federation's
# leaders. Nobody else, administrators included. Outside the case's scope nobody sees anything.
CONFIDENTIAL_IDENTITY = {
    "federation": {"registrar", "handler", "approver", "leader", "committee_handler"},
    "committee": {"leader", "committee_handler", "committee_registrar"},
}
SEES_THE_CASE = set(USERS) - {"outsider"}


@dataclass(frozen=True)
class Case:
    petition: Petition
    name: str
    id_number: str
    phone: str
    document_pk: int


def _case(request, owner: str, confidential: bool) -> Case:
    """Through the real actions: registered, accepted, (for the federation's case) led by the committee, and
    its 受理告知书 written (a document that names the petitioner)."""
    registrar = request.getfixturevalue("registrar" if owner == "federation" else "committee_registrar")
    handler = request.getfixturevalue("handler" if owner == "federation" else "committee_handler")
    make_input = request.getfixturevalue("petition_input")
    name = f"{'钱保密' if confidential else '孙普通'}{'甲' if owner == 'federation' else '乙'}"
    serial = (1 if confidential else 2) + (10 if owner == "federation" else 20)
    id_number = make_id_number("440306", date(1975, 3, serial), 300 + serial)
    phone = f"1390000{serial:04d}"
    petition = register_petition(
        by=registrar,
        data=make_input(
            kind=Kind.ACCUSATION if confidential else Kind.CLAIM,
            is_confidential=confidential,
            petitioners=[PetitionerIn(name=name, id_number=id_number, phone=phone)],
        ),
    )
    decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )
    if owner == "federation":
        assign(petition, handler, lead(request.getfixturevalue("committee")))
    document = generate_document(petition=fresh(petition), by=handler, data=DocumentIn(kind="accept_notice"))
    for who in USERS:
        request.getfixturevalue(who)  # every persona exists (and gets his reminders) whatever is probed
    return Case(fresh(petition), name, id_number, phone, document.pk)


# --- surfaces: each answers whether the user got the petitioner's identity there ---------------------------


def petition_page(client: Client, c: Case) -> bool:
    response = client.get(reverse("petitions:detail", args=[c.petition.pk]))
    return response.status_code == 200 and c.name in response.content.decode()


def petition_list(client: Client, c: Case) -> bool:
    return c.name in client.get(reverse("petitions:list")).content.decode()


def list_search_by_name(client: Client, c: Case) -> bool:
    return c.petition.number in client.get(reverse("petitions:list"), {"q": c.name}).content.decode()


def api_detail(client: Client, c: Case) -> bool:
    response = client.get(f"/api/v1/petitions/{c.petition.pk}")
    if response.status_code != 200:
        return False
    body = response.json()
    return c.name in body["petitioner_names"] or c.name in [p["name"] for p in body["petitioners"]]


def api_list(client: Client, c: Case) -> bool:
    return c.name in [p["petitioner_names"] for p in client.get("/api/v1/petitions").json()["items"]]


def api_search_by_name(client: Client, c: Case) -> bool:
    items = client.get("/api/v1/petitions", {"q": c.name}).json()["items"]
    return c.petition.pk in [p["id"] for p in items]


def document_page(client: Client, c: Case) -> bool:
    url = reverse("petitions:document", args=[c.petition.pk, c.document_pk])
    return client.get(url).status_code == 200


def document_api(client: Client, c: Case) -> bool:
    url = f"/api/v1/petitions/{c.petition.pk}/documents/{c.document_pk}/file"
    return client.get(url).status_code == 200


def _person(c: Case):
    return c.petition.petitioners.get().person


def person_page(client: Client, c: Case) -> bool:
    response = client.get(reverse("people:detail", args=[_person(c).pk]))
    return response.status_code == 200 and c.name in response.content.decode()


def person_api(client: Client, c: Case) -> bool:
    detail = client.get(f"/api/v1/persons/{_person(c).pk}")
    listed = [p["name"] for p in client.get("/api/v1/persons", {"q": c.id_number}).json()]
    assert (listed == [c.name]) == (detail.status_code == 200)
    return detail.status_code == 200 and detail.json()["name"] == c.name


def person_reveal(client: Client, c: Case) -> bool:
    response = client.post(reverse("people:reveal", args=[_person(c).pk, "phone"]))
    return c.phone in response.content.decode()


def petition_reveal(client: Client, c: Case) -> bool:
    party = c.petition.petitioners.get()
    response = client.post(reverse("petitions:reveal", args=[c.petition.pk, party.pk, "phone"]))
    revealed = c.phone in response.content.decode()
    id_response = client.post(reverse("petitions:reveal", args=[c.petition.pk, party.pk, "id_number"]))
    assert (c.id_number in id_response.content.decode()) == revealed
    return revealed


def registration_look_up(client: Client, c: Case) -> bool:
    return c.name in client.get(reverse("people:lookup"), {"p-0-id_number": c.id_number}).content.decode()


def reminders(client: Client, c: Case) -> bool:
    page = client.get(reverse("inbox:list")).content.decode()
    api = str(client.get("/api/v1/reminders").json())
    return any(text in body for body in (page, api) for text in (c.name, c.phone, c.id_number))


IDENTITY = "identity"  # shown exactly to who may see the petitioners
REVEAL = "reveal"  # the full number: who may see the petitioners, if his role may reveal
NEVER = "never"  # no petitioner identity on this surface for anyone


@dataclass(frozen=True)
class Surface:
    name: str
    probe: Callable[[Client, Case], bool]
    rule: str


SURFACES = (
    Surface("petition page", petition_page, IDENTITY),
    Surface("petition list", petition_list, IDENTITY),
    Surface("list search by name", list_search_by_name, IDENTITY),
    Surface("API detail", api_detail, IDENTITY),
    Surface("API list", api_list, IDENTITY),
    Surface("API search by name", api_search_by_name, IDENTITY),
    Surface("generated document (page)", document_page, IDENTITY),
    Surface("generated document (API)", document_api, IDENTITY),
    Surface("person page", person_page, IDENTITY),
    Surface("person API", person_api, IDENTITY),
    Surface("person reveal", person_reveal, REVEAL),
    Surface("petition reveal", petition_reveal, REVEAL),
    Surface("registration look-up", registration_look_up, IDENTITY),
    Surface("reminders", reminders, NEVER),
)
# Petitions have no export yet; an export joins SURFACES (rule IDENTITY) when it is built.


def expected(who: str, owner: str, confidential: bool, rule: str) -> bool:
    identity = who in (CONFIDENTIAL_IDENTITY[owner] if confidential else SEES_THE_CASE)
    if rule == IDENTITY:
        return identity
    if rule == REVEAL:
        return identity and who in CAN_REVEAL
    return False


@pytest.mark.parametrize("owner", ["federation", "committee"])
@pytest.mark.parametrize("confidential", [True, False], ids=["confidential", "ordinary"])
@pytest.mark.parametrize("who", USERS)
def test_who_sees_the_petitioner_on_every_surface(db, client, request, who, owner, confidential):
    case = _case(request, owner, confidential)
    user = request.getfixturevalue(who)
    if who in SEES_THE_CASE:  # the rule itself, where it applies (outside the scope nothing is shown at all)
        assert case.petition.identity_visible_to(user) == (
            who in (CONFIDENTIAL_IDENTITY[owner] if confidential else SEES_THE_CASE)
        )
    client.force_login(user)
    seen = {s.name: s.probe(client, case) for s in SURFACES}
    assert seen == {s.name: expected(who, owner, confidential, s.rule) for s in SURFACES}
