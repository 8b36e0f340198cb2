"""What the petitions ledger shows on a person's page, and its part of the person scope rule
(registered in ``contributions.py``; docs/scope.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, Subquery

from .models import Petition, Petitioner, identity_visible_q

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.people.models import Person

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
