"""The sections of a person's page, one per ledger (docs/architecture.md, "Registries").

A ledger registers its section in its ``contributions.py``; the page renders the registered sections in order and
names no ledger. A section's ``context`` reads the ledger's records of that person through the ledger's own scope
rule, with a fixed number of queries, and returns what its ``template`` shows; the template is included with the
section as ``section``, that context as ``data`` and the person as ``person``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xinfang.accounts.models import User

    from .models import Person


@dataclass(frozen=True)
class PersonSection:
    title: str
    order: int
    template: str
    context: Callable[[Person, User], dict[str, Any]]


_SECTIONS: list[PersonSection] = []


def register_person_section(section: PersonSection) -> None:
    _SECTIONS.append(section)


def person_sections() -> list[PersonSection]:
    """The registered sections, in their order."""
    return sorted(_SECTIONS, key=lambda section: section.order)
