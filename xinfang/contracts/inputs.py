"""The input of every collective-contract action, declared once: a pydantic model (a ninja ``Schema``) per action,
with its limits taken from the model columns (``lib.apifields``). The action takes it; the API operation takes the
same model as its body; a page turns its form's cleaned data into it. A versioned step carries ``version``. The
actions keep their checks that need other fields, the contract or the database (``FieldErrors``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import MAX_ID, limit

from .models import Contract, ContractSession


class ContractIn(Schema):
    """登记 (or 续订, with ``predecessor_id``) and 修改: the contract as signed, with the congress vote that adopted
    its draft and its term; ``filed_on`` when it was already filed (the import of past contracts)."""

    contract_type: str = limit(Contract, "contract_type")
    kind: str = limit(Contract, "kind")
    industry: str = limit(Contract, "industry", default="")
    employer_side: str = limit(Contract, "employer_side", default="")
    worker_side: str = limit(Contract, "worker_side", default="")
    employer_chief: str = limit(Contract, "employer_chief", default="")
    worker_chief: str = limit(Contract, "worker_chief", default="")
    employers_covered: int | None = limit(Contract, "employers_covered", default=None)
    sole_traders_covered: int = limit(Contract, "sole_traders_covered", default=0)
    workers_covered: int | None = limit(Contract, "workers_covered", default=None)
    # Registered employers it covers (the employer registry): the one of a single contract, any of the others.
    # None (the field left out): none on registration, the listed ones kept on an update; [] lists none.
    employer_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(
        default=None,
        title="覆盖的用人单位",
        max_length=500,
        description=(
            "覆盖的已登记用人单位的编号（用人单位名录）。登记时不填即不列入；修改时不填则保留原已列入的单位，"
            "填写则以所填的为准，空列表 [] 清除全部。列入的单位数不能多于覆盖企业数，其中个体工商户不能多于"
            "其中个体工商户数。"
        ),
    )
    congress_id: int | None = limit(Contract, "congress", default=None)
    voted_on: date | None = limit(Contract, "voted_on", default=None)
    representatives_total: int | None = limit(Contract, "representatives_total", default=None)
    representatives_present: int | None = limit(Contract, "representatives_present", default=None)
    votes_for: int | None = limit(Contract, "votes_for", default=None)
    signed_on: date | None = limit(Contract, "signed_on", default=None)
    starts_on: date | None = limit(Contract, "starts_on", default=None)
    ends_on: date | None = limit(Contract, "ends_on", default=None)
    filed_on: date | None = limit(Contract, "filed_on", default=None)
    note: str = limit(Contract, "note", default="")
    # None: the user's own organisation.
    org_id: int | None = limit(Contract, "org", default=None)
    predecessor_id: int | None = limit(Contract, "predecessor", default=None)
    # The version read, for an edit (the kit's edit page and PUT); None on registration.
    version: int | None = limit(Contract, "version", default=None)


class FilingIn(Schema):
    """报送审查 (or 重新报送 after an objection): the day the labour department received the text."""

    version: int = limit(Contract, "version")
    filed_on: date = limit(Contract, "filed_on")


class ObjectionIn(Schema):
    """The labour department's objection, within its 15-day review."""

    version: int = limit(Contract, "version")
    objected_on: date = limit(Contract, "objected_on")
    objection: str = limit(Contract, "objection")


class ContractSessionIn(Schema):
    """集体协商: one negotiation session."""

    held_on: date = limit(ContractSession, "held_on")
    place: str = limit(ContractSession, "place", default="")
    topics: str = limit(ContractSession, "topics")
