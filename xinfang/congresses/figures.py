"""The congress figures (stable keys for statistics and targets: ``congresses.held`` …), counted by ``held_on``
within the scope rule; the list sums the same over its filtered records."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, in_period

from .models import Congress, Level

held = in_period(Congress, "held_on")
FIGURES = (
    Figure("congresses", "held", "召开职代会", "次", held, Count("pk")),
    *(
        Figure("congresses", f"held_{v}", f"召开{label}", "次", held, Count("pk", filter=Q(level=v)))
        for v, label in Level.choices
    ),
    Figure("congresses", "representatives", "代表", "人", held, Sum("representatives")),
)
