"""What the unions ledger's users may do (registered in ``contributions.py``; docs/abilities.md)."""

from __future__ import annotations

from xinfang.accounts.abilities import STAFF, Ability

ABILITIES = (
    Ability(
        "unions.record",
        STAFF,
        "登记基层工会（新建或组织关系转入）、覆盖单位、职工和会员人数、会员发展和转出批次，合并或撤销基层工会",
    ),
)
