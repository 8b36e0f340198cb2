"""Medium 9: a person who came on file through a confidential case stays out of the person register for everyone
who may not see that case's petitioners: the list and detail (page and API), the reveal, the look-up hint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinfang.accounts.models import Role, User
from xinfang.people.models import Person
from xinfang.petitions.inputs import PetitionerIn

from .conftest import ACCUSER, PASSWORD


def seen_by(client, user, person: Person) -> dict[str, bool]:
    client.force_login(user)
    return {
        "page": client.get(reverse("people:detail", args=[person.pk])).status_code == 200,
        "api": client.get(f"/api/v1/persons/{person.pk}").status_code == 200,
        "list": person.pk in [p["id"] for p in client.get("/api/v1/persons").json()],
        "search": person.pk in [p["id"] for p in client.get("/api/v1/persons", {"q": ACCUSER}).json()],
        "reveal": client.post(reverse("people:reveal", args=[person.pk, "id_number"])).status_code == 200,
        "hint": ACCUSER
        in client.get(reverse("people:lookup"), {"p-0-id_number": person.id_number}).content.decode(),
    }


NOTHING = dict.fromkeys(("page", "api", "list", "search", "reveal", "hint"), False)


@pytest.mark.parametrize("who", ["registrar", "handler", "approver", "administrator", "outsider"])
def test_users_who_may_not_see_the_accuser_find_nothing_in_the_register(client, request, who, accusation):
    person = accusation.petitioners.get().person
    assert seen_by(client, request.getfixturevalue(who), person) == NOTHING


def test_another_registrar_of_the_same_committee_finds_nothing(client, committee, accusation):
    """First registered by 东湖, but through a confidential case: that route does not open it either."""
    colleague = User.objects.create_user(
        username="colleague", password=PASSWORD, name="同事", role=Role.REGISTRAR, org=committee
    )
    assert seen_by(client, colleague, accusation.petitioners.get().person) == NOTHING


@pytest.mark.parametrize("who", ["committee_registrar", "committee_handler"])
def test_the_registrar_and_the_committee_handlers_find_the_accuser(client, request, who, accusation):
    seen = seen_by(client, request.getfixturevalue(who), accusation.petitioners.get().person)
    assert seen == dict.fromkeys(NOTHING, True)


def test_a_leader_sees_the_accuser_but_may_not_reveal(client, leader, accusation):
    seen = seen_by(client, leader, accusation.petitioners.get().person)
    assert seen == dict.fromkeys(NOTHING, True) | {"reveal": False}


def test_the_person_list_takes_a_fixed_number_of_queries(client, handler, committee_registrar, make_petition):
    from xinfang.lib.idnumber import make_id_number
    from xinfang.petitions.models import Kind

    def register(i: int) -> None:
        number = make_id_number("440305", __import__("datetime").date(1980, 1, 1 + i), 100 + i)
        make_petition(
            committee_registrar,
            kind=Kind.ACCUSATION if i % 2 else Kind.CLAIM,
            petitioners=[PetitionerIn(name=f"人员{i}", id_number=number)],
        )

    client.force_login(handler)
    register(0)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/persons")
    for i in range(1, 9):
        register(i)
    with CaptureQueriesContext(connection) as many:
        names = [p["name"] for p in client.get("/api/v1/persons").json()]
    assert len(many) == len(few)
    assert sorted(names) == sorted(f"人员{i}" for i in range(0, 9, 2))  # the accusers stay out
