"""The mediation ledger's figures (registered in ``contributions.py``): counted by the day the application was
received (``received_on``), within the mediation scope rule. The list page sums the same figures over its filtered
cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, Period, totals

from .models import Mediation, Status

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "mediations"


def received(user: User, period: Period):
    """The cases in the user's scope whose application was received in the period."""
    return Mediation.objects.visible_to(user).filter(
        received_on__gte=period.start, received_on__lte=period.end
    )


FIGURES = [
    Figure(LEDGER, "cases", "调解案件", "宗", received, Count("pk")),
    Figure(LEDGER, "people", "涉及人数", "人", received, Sum("people_count")),
    Figure(LEDGER, "claimed", "涉及金额", "元", received, Sum("amount_claimed")),
    Figure(LEDGER, "settled", "调解成功", "宗", received, Count("pk", filter=Q(status=Status.SETTLED))),
    Figure(LEDGER, "recovered", "实际追回金额", "元", received, Sum("amount_recovered")),
    # A case diverted from a petition is counted in both ledgers; the list says how many.
    Figure(
        LEDGER,
        "from_petitions",
        "由信访件导入",
        "宗",
        received,
        Count("pk", filter=Q(petition__isnull=False)),
    ),
]


def ledger_totals(cases) -> dict:
    """宗, 人数, 涉及金额, 追回金额 of a filtered list, and how many came from petitions (counted in both ledgers)."""
    return totals(cases, FIGURES)
