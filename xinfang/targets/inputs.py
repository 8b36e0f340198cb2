"""The inputs of the target actions (ninja ``Schema``s with the model's limits)."""

from __future__ import annotations

from ninja import Schema

from xinfang.lib.apifields import limit, text

from .models import Target


class TargetCellIn(Schema):
    org_id: int = limit(Target, "org")
    figure: str = limit(Target, "figure")
    value: int | None = limit(Target, "value", default=None)  # None: no target (an existing one is removed)


class TargetTableIn(Schema):
    year: int = limit(Target, "year")
    cells: list[TargetCellIn]


class TargetSplitIn(Schema):
    """A total split among the committees, in proportion to ``basis``: ``equal`` or ``employers`` (the employers
    each committee has on the registry), by the largest-remainder method."""

    year: int = limit(Target, "year")
    figure: str = limit(Target, "figure")
    total: int = limit(Target, "value")
    basis: str = text(title="分解依据", max_length=20, default="equal")
