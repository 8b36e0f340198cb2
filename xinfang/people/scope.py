"""The ledgers' parts of the person scope rule (docs/scope.md, docs/architecture.md "Registries").

``Person.objects.visible_to`` owns the rule and its shape; a ledger registers (in its ``contributions.py``) the
conditions that only it can state, each a function of the user returning a condition on persons (a ``Q``, which
may wrap an ``Exists`` over the ledger's records with ``OuterRef("pk")`` naming the person):

- ``opens``: the ledger puts the person within the user's reach (a worker in a mediation case the user sees);
- ``hides``: the ledger keeps the person out of it however it was opened (came on file through a confidential
  petition whose petitioners the user may not see);
- ``shows``: the ledger shows the person whatever the rest says (a party to a visible petition, registered with
  exactly the stored name, phone and address).

The rule is ``(first registered by the user's organisation or below OR any opens) AND NOT any hides OR any
shows``: one SQL condition per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from xinfang.accounts.models import User

Condition = Callable[["User"], Q]


@dataclass(frozen=True)
class PersonScopePart:
    opens: Condition | None = None
    hides: Condition | None = None
    shows: Condition | None = None


_PARTS: list[PersonScopePart] = []


def register_person_scope(part: PersonScopePart) -> None:
    _PARTS.append(part)


def person_scope_parts() -> list[PersonScopePart]:
    return list(_PARTS)
