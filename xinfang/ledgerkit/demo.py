"""Helpers of a kit ledger's demo part (``Ledger.demo``): records built in memory saved in bulk, as a ledger's
``demo.build`` makes them by the thousand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models

from .models import EventKind


def save_in_bulk(
    records: Sequence[Any], *, by, related: Mapping[str, Sequence[models.Model | None]] | None = None
) -> None:
    """Save new records of one kit model in bulk: their scope columns set from their ``org``, each with its 登记
    event (the record as text), and their many-to-many links (``related``: the field's name → one item, or
    None, per record)."""
    if not records:
        return
    model = type(records[0])
    for record in records:
        record.set_org_levels()
    model._default_manager.bulk_create(records, batch_size=2000)
    events = model._meta.get_field("events")
    event, owner = events.related_model, events.field.name  # type: ignore[union-attr]
    event._default_manager.bulk_create(
        [event(**{owner: r}, by=by, kind=EventKind.CREATED, summary=str(r)) for r in records], batch_size=2000
    )
    for name, items in (related or {}).items():
        many = model._meta.get_field(name)
        assert isinstance(many, models.ManyToManyField)
        through: Any = many.remote_field.through
        mine, theirs = many.m2m_field_name(), many.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(**{mine: r, theirs: i}) for r, i in zip(records, items, strict=True) if i is not None],
            batch_size=5000,
        )
