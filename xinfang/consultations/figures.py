"""The consultation ledger's figures (registered in ``contributions.py``): counted by the moment of the
consultation (``asked_at``), within the consultation scope rule. The list page sums the same figures over its
filtered records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Sum

from xinfang.figures.registry import Figure, Period, totals

from .models import Consultation

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "consultations"


def asked(user: User, period: Period):
    """The consultations in the user's scope held in the period."""
    start, end = period.moments()
    return Consultation.objects.visible_to(user).filter(asked_at__gte=start, asked_at__lt=end)


FIGURES = [
    Figure(LEDGER, "cases", "法律政策咨询", "宗", asked, Count("pk")),
    Figure(LEDGER, "people", "咨询人次", "人次", asked, Sum("people_count")),
]


def register_totals(consultations) -> dict:
    """宗 and 人次 of the register as filtered."""
    return totals(consultations, FIGURES)
