"""The sections of an employer's page, one per ledger (docs/architecture.md, "Registries").

A ledger registers its section in its ``contributions.py``; the page renders the registered sections in order and
names no ledger. A section's ``context`` reads the ledger's records about that employer through the ledger's own
scope rule, with a fixed number of queries; it also gets the page's query parameters, for a section that pages its
list (each such section reads its own cursor parameter). Its ``template`` is included with the section as
``section``, that context as ``data`` and the employer as ``employer``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Employer


@dataclass(frozen=True)
class EmployerSection:
    title: str
    order: int
    template: str
    # (employer, the signed-in user, the page's query parameters); the user is typed Any because orgs sits below
    # accounts and may not name its User.
    context: Callable[[Employer, Any, Mapping[str, str]], dict[str, Any]]


_SECTIONS: list[EmployerSection] = []


def register_employer_section(section: EmployerSection) -> None:
    _SECTIONS.append(section)


def employer_sections() -> list[EmployerSection]:
    """The registered sections, in their order."""
    return sorted(_SECTIONS, key=lambda section: section.order)
