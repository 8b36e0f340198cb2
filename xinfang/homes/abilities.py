"""What the workers' home ledger's users may do, by role (registered in ``contributions.py``; docs/abilities.md).
The checklist itself is edited in 系统管理 (``admin.manage``)."""

from __future__ import annotations

from xinfang.accounts.abilities import STAFF, Ability

ABILITIES = (
    Ability("homes.inspect", STAFF, "登记职工之家验收（按年度验收标准评分）和复查"),
    Ability("homes.honour", STAFF, "登记模范职工之家、模范职工小家荣誉"),
)
