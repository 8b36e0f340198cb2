"""The congress figures (stable keys for statistics and targets: ``congresses.held`` …), counted by ``held_on``
within the scope rule; the list sums the same over its filtered records."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, Period

from .models import Congress, Level

LEDGER = "congresses"


def held(user, period: Period):
    return Congress.objects.visible_to(user).filter(held_on__range=(period.start, period.end))


def _by_level(level: Level) -> Figure:
    return Figure(
        LEDGER, f"held_{level.value}", f"召开{level.label}", "次", held, Count("pk", filter=Q(level=level))
    )


FIGURES = (
    Figure(LEDGER, "held", "召开职代会", "次", held, Count("pk")),
    *(_by_level(level) for level in Level),
    Figure(LEDGER, "representatives", "代表", "人", held, Sum("representatives")),
)
