"""What the mediations ledger shows on a person's and an employer's page, and its part of the person scope rule
(registered in ``contributions.py``; docs/scope.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from .models import Mediation, MediationWorker

if TYPE_CHECKING:
    from xinfang.accounts.models import User

def worker_in_visible_case(user: User) -> Q:
    """Opens a person: a worker in a mediation case the user may see."""
    return Q(
        Exists(
            MediationWorker.objects.filter(
                person=OuterRef("pk"), mediation__in=Mediation.objects.visible_to(user)
            )
        )
    )
