"""What a record's page shows of related records in the ledgers above its own (docs/architecture.md,
"Registries"): the mediation case a petition was diverted into, the consultation a petition or a mediation case
came from.

A ledger above registers, from its ``contributions`` module, for a kind of record below it (its model class), a
function ``(record, user) -> [(label, url)]`` that reads its own records through its own scope rule, so that a
record the user may not see is never named. The record's page shows every label as a link, in ``order``; a ledger
never names the ledgers above it. Pure Python: keyed by the model class, it imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RelatedRecords:
    model: type  # the kind of record whose page shows the links
    name: str  # unique per model, in English: "mediations"
    order: int
    find: Callable[[Any, Any], list[tuple[str, str]]]  # (record, user) -> [(label, url)]


_RELATED: list[RelatedRecords] = []


def register_related(*entries: RelatedRecords) -> None:
    for entry in entries:
        if any(r.model is entry.model and r.name == entry.name for r in _RELATED):
            raise ValueError(f"related records {entry.name!r} of {entry.model.__name__} are registered twice")
        _RELATED.append(entry)


def related_links(record: Any, user: Any) -> list[tuple[str, str]]:
    """(label, url) of every related record the user may see, in the registered order."""
    entries = sorted((r for r in _RELATED if r.model is type(record)), key=lambda r: (r.order, r.name))
    return [link for r in entries for link in r.find(record, user)]
