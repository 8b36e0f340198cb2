"""The parts of the demo data (docs/architecture.md, "Registries").

``manage.py demo_data`` (the ``demo`` app) builds the core demo itself (the organisations, the demo users, the
employers) and then runs every registered part in ``order``. A ledger registers its part from its
``contributions`` module: a function that builds that ledger's demo records for the federation, with the
command's random generator (one seed, one demo) and options, and returns a one-line summary in Chinese. A part
must be idempotent: run twice, it adds nothing the second time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from xinfang.orgs.models import Org


@dataclass(frozen=True)
class DemoOptions:
    petitions: int  # ``--petitions``: the demo's volume; the other ledgers scale theirs on it
    employers: int  # ``--employers``
    progress: Callable[[str], None]  # shows a line of progress during a long part (overwritten by the next)


@dataclass(frozen=True)
class DemoPart:
    name: str  # unique, in English: "petitions"
    order: int  # parts run by order, then name; a part may use the records of the parts before it
    build: Callable[[Org, random.Random, DemoOptions], str]


PARTS: list[DemoPart] = []


def register_demo_part(part: DemoPart) -> None:
    if any(p.name == part.name for p in PARTS):
        raise ValueError(f"demo part {part.name!r} is registered twice")
    PARTS.append(part)


def demo_parts() -> list[DemoPart]:
    """The registered parts in the order they run."""
    return sorted(PARTS, key=lambda p: (p.order, p.name))
