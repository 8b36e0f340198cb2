"""What the consultation ledger's users may do, by role (registered in ``contributions.py``; docs/abilities.md).
Consultations have no states: no steps, only the ability to record one (and to turn it into a petition or a
mediation case, which also needs the ability to register that)."""

from __future__ import annotations

from xinfang.accounts.abilities import STAFF, Ability

ABILITIES = (Ability("consultations.record", STAFF, "登记法律政策咨询，将咨询转为信访件或调解案件"),)
