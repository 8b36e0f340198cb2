"""Who may set the yearly targets (docs/abilities.md)."""

from __future__ import annotations

from xinfang.accounts.abilities import APPROVERS, Ability

ABILITIES = (
    Ability(
        "targets.set",
        APPROVERS,
        "下达和调整本单位以下各单位的年度任务数（工会组建、发展会员等），分解总任务数",
    ),
)
