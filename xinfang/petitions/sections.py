"""What the petitions ledger shows on a person's and an employer's page, and its part of the person scope rule
(registered in ``contributions.py``; docs/scope.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, Subquery

from xinfang.lib.keyset import paginate

from .models import Petition, Petitioner, identity_visible_q, show_names

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.orgs.models import Employer
    from xinfang.people.models import Person

EMPLOYER_PAGE_SIZE = 30
PERSON_LIMIT = 100


def person_petitions(person: Person, user: User) -> dict[str, Any]:
    """The person's petitions that the user may see, with their petitioners: one query."""
    petitions = (
        Petition.objects.visible_to(user)
        .filter(identity_visible_q(user), petitioners__person=person)
        .for_list()
        .order_by("-received_at")[:PERSON_LIMIT]
    )
    return {"petitions": list(petitions)}


def employer_petitions(employer: Employer, user: User, query: Mapping[str, str]) -> dict[str, Any]:
    """The petitions about the employer that the user may see, newest first, paged by ``cursor``: two queries at
    most (the page, and which confidential ones the user's unit leads)."""
    qs = Petition.objects.visible_to(user).filter(employer=employer).for_list()
    page = paginate(qs, field="received_at", cursor=query.get("cursor"), size=EMPLOYER_PAGE_SIZE)
    show_names(page.items, user)
    return {"page": page}


def _identity_seen(user: User, petition_ref: str) -> Exists:
    return Exists(
        Petition.objects.filter(pk=OuterRef(petition_ref)).filter(identity_visible_q(user)).values("pk")
    )


def came_confidentially(user: User) -> Q:
    """Hides a person: the first petition that put the person on file is confidential and the user may not see
    its petitioners."""
    first_party = Petitioner.objects.filter(person=OuterRef(OuterRef("pk"))).order_by("pk").values("pk")[:1]
    return Q(
        Exists(
            Petitioner.objects.filter(pk=Subquery(first_party), petition__is_confidential=True).filter(
                ~_identity_seen(user, "petition_id")
            )
        )
    )


def party_as_typed(user: User) -> Q:
    """Shows a person: a party to a petition the user may see, with its petitioners, whose registration gave
    exactly the stored name, phone and address."""
    return Q(
        Exists(
            Petitioner.objects.filter(
                person=OuterRef("pk"),
                name=OuterRef("name"),
                phone=OuterRef("phone"),
                address=OuterRef("address"),
                petition__in=Petition.objects.visible_to(user),
            ).filter(_identity_seen(user, "petition_id"))
        )
    )
