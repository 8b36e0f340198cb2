"""What the collective-contract ledger shows on an employer's page (registered in ``contributions.py``): the
contracts that cover the employer, read through the contract scope rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .models import Contract

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.orgs.models import Employer

EMPLOYER_SHOWN = 30  # the newest; the rest are one click away in the ledger's list, filtered by the employer


def employer_contracts(employer: Employer, user: User, query: Mapping[str, str]) -> dict[str, Any]:
    """The collective contracts covering the employer that the user may see, newest first: one query."""
    rows = list(
        Contract.objects.visible_to(user)
        .filter(employer_links__employer=employer)
        .for_list()
        .order_by("-signed_on", "-pk")[: EMPLOYER_SHOWN + 1]
    )
    return {"contracts": rows[:EMPLOYER_SHOWN], "more": len(rows) > EMPLOYER_SHOWN}
