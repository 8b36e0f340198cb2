"""What the collective-contract ledger's users may do, by role (registered in ``contributions.py``;
docs/abilities.md). Which step needs which ability is in ``workflow.py``."""

from __future__ import annotations

from xinfang.accounts.abilities import STAFF, Ability

RECORD = "contracts.record"

ABILITIES = (
    Ability(
        RECORD,
        STAFF,
        "登记集体合同（含续订）、集体协商，录入报送审查和审查意见；在工作台查看集体合同的待报送、审查中和临近期满",
    ),
)
