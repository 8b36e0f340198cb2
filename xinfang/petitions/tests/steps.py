"""Short ways to take workflow steps in tests, through the real actions."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from xinfang.petitions.actions import assign_petition, conclude_petition, rate_petition
from xinfang.petitions.inputs import AssignIn, ConclusionIn, RatingIn, UnitIn
from xinfang.petitions.models import AssignmentRole, Delivery, Outcome, Petition


def fresh(petition: Petition) -> Petition:
    return Petition.objects.select_related("org").get(pk=petition.pk)


def assign(petition, by, *units, instructions=""):
    """units: (org, role) or (org, role, due_on)."""
    petition = fresh(petition)
    return assign_petition(
        petition=petition,
        by=by,
        data=AssignIn(
            version=petition.version,
            units=[UnitIn(org_id=u[0].pk, role=u[1], due_on=u[2] if len(u) > 2 else None) for u in units],
            instructions=instructions,
        ),
    )


def lead(org):
    return (org, AssignmentRole.LEAD)


def conclude(petition, by, replied_on: date | None = None, **overrides):
    petition = fresh(petition)
    data: dict[str, Any] = {
        "outcome": Outcome.UPHELD,
        "decision_text": "经查，单位确有拖欠。\n已督促单位支付。",
        "legal_basis": "《劳动法》第五十条",
        "replied_on": replied_on or timezone.localdate(),
        "delivery": Delivery.IN_PERSON,
        "amount_recovered": Decimal("36570.00"),
    }
    data.update(overrides)
    return conclude_petition(petition=petition, by=by, data=ConclusionIn(version=petition.version, **data))


def rate(petition, by, rating, on: date | None = None):
    petition = fresh(petition)
    return rate_petition(
        petition=petition,
        by=by,
        data=RatingIn(
            version=petition.version, rating=rating, method="phone", rated_on=on or timezone.localdate()
        ),
    )
