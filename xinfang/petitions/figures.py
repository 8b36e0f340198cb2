"""The petition ledger's figures (registered in ``contributions.py``): counted by the day a petition was received
(``received_at``), within the petition scope rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, Period

from .models import Petition

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "petitions"


def received(user: User, period: Period):
    """The petitions in the user's scope received in the period."""
    start, end = period.moments()
    return Petition.objects.visible_to(user).filter(received_at__gte=start, received_at__lt=end)


FIGURES = [
    Figure(LEDGER, "cases", "信访件", "件", received, Count("pk"), home=1),
    Figure(LEDGER, "person_times", "人次", "人次", received, Sum("people_count"), home=2),
    Figure(LEDGER, "collective", "集体访", "批", received, Count("pk", filter=Q(is_collective=True)), home=3),
    # Not a home tile: the home page's 紧急重大 is the queue of urgent cases still in hand (queues.py), and a tile
    # beside it counting another set (the year's, closed ones too) said 17 where the panel said 47.
    Figure(LEDGER, "urgent", "紧急重大", "件", received, Count("pk", filter=Q(is_urgent=True))),
]
