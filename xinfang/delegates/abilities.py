"""What the delegate apportionment ledger's users may do, by role (registered in ``contributions.py``;
docs/abilities.md)."""

from __future__ import annotations

from xinfang.accounts.abilities import DECIDERS, Ability

ABILITIES = (Ability("delegates.apportion", DECIDERS, "计算并保存代表名额分配方案，打印分配表"),)
