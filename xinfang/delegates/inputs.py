"""The input of the apportionment action (a ninja ``Schema`` whose limits come from the model columns): the
action takes it, the API takes it as its body, the page turns its form into it."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import limit

from .models import Apportionment, Delegation


class DelegationIn(Schema):
    name: str = limit(Delegation, "name")
    members: int = limit(Delegation, "members")


class ApportionmentIn(Schema):
    """N delegates (``seats``) shared among the delegations, in the order given (the tie rule's last criterion),
    each first getting ``minimum``."""

    congress: str = limit(Apportionment, "congress")
    seats: int = limit(Apportionment, "seats")
    minimum: int = limit(Apportionment, "minimum", default=0)
    decided_on: date = limit(Apportionment, "decided_on")
    delegations: list[DelegationIn] = Field(title="代表团", min_length=1, max_length=500)
