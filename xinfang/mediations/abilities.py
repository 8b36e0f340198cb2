"""What the mediation ledger's users may do, by role (registered in ``contributions.py``; docs/abilities.md).
Which step needs which ability is in ``workflow.py``."""

from __future__ import annotations

from xinfang.accounts.abilities import DECIDERS, STAFF, Ability

ABILITIES = (
    Ability("mediations.register", STAFF, "登记劳动争议调解申请"),
    Ability(
        "mediations.mediate",
        DECIDERS,
        "受理调解申请、记录调解、录入调解结果和协议履行情况、记录后续程序；在工作台查看调解工作",
    ),
    Ability("mediations.write_documents", STAFF, "生成本单位调解案件的文书（登记表、协议书、告知书）"),
)
