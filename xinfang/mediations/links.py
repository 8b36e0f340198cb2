"""What a mediation case's page shows of related records in the ledgers above mediations (docs/architecture.md,
"Registries"): the consultation it came from.

Such a ledger registers, from its ``contributions`` module, a function ``(mediation, user) -> [(label, url)]``
that reads its own records through its own scope rule, so that a record the user may not see is never named. The
mediation page shows every label as a link, in ``order``; mediations never name the ledgers above them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xinfang.accounts.models import User

    from .models import Mediation


@dataclass(frozen=True)
class RelatedRecords:
    name: str  # unique, in English: "consultations"
    order: int
    find: Callable[[Mediation, User], list[tuple[str, str]]]


RELATED: list[RelatedRecords] = []


def register_related(entry: RelatedRecords) -> None:
    if any(r.name == entry.name for r in RELATED):
        raise ValueError(f"related records {entry.name!r} are registered twice")
    RELATED.append(entry)


def related_links(mediation: Mediation, user: User) -> list[tuple[str, str]]:
    """(label, url) of every related record the user may see, in the registered order."""
    return [
        link for r in sorted(RELATED, key=lambda r: (r.order, r.name)) for link in r.find(mediation, user)
    ]
