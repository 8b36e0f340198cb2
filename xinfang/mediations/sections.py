"""What the mediations ledger shows on a person's and an employer's page, and its part of the person scope rule
(registered in ``contributions.py``; docs/scope.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from .models import Mediation, MediationWorker

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.orgs.models import Employer
    from xinfang.people.models import Person

PERSON_LIMIT = 100
EMPLOYER_SHOWN = 30  # the newest; the rest are one click away in the ledger's list, filtered by the employer


def person_mediations(person: Person, user: User) -> dict[str, Any]:
    """The mediation cases the user may see in which the person is a worker, newest first: one query."""
    mediations = (
        Mediation.objects.visible_to(user)
        .filter(workers__person=person)
        .for_list()
        .order_by("-received_on", "-pk")[:PERSON_LIMIT]
    )
    return {"mediations": list(mediations)}


def employer_mediations(employer: Employer, user: User, query: Mapping[str, str]) -> dict[str, Any]:
    """The mediation cases against the employer that the user may see, newest first: one query."""
    rows = list(
        Mediation.objects.visible_to(user)
        .filter(employer=employer)
        .for_list()
        .order_by("-received_on", "-pk")[: EMPLOYER_SHOWN + 1]
    )
    return {"mediations": rows[:EMPLOYER_SHOWN], "more": len(rows) > EMPLOYER_SHOWN}


def worker_in_visible_case(user: User) -> Q:
    """Opens a person: a worker in a mediation case the user may see."""
    return Q(
        Exists(
            MediationWorker.objects.filter(
                person=OuterRef("pk"), mediation__in=Mediation.objects.visible_to(user)
            )
        )
    )
