"""What a congress's fields and constraints do not say; the kit's create, update and import check run it
(``Ledger.check``, docs/architecture.md, "Add a simple ledger") after the checks of the fields and the model's
constraints (实到代表 ≤ 代表总数, the term ordered) and before the natural key's."""

from __future__ import annotations

from typing import Any

from xinfang.lib.fielderrors import FieldErrors


def check_congress(values: dict[str, Any], errors: FieldErrors) -> None:
    start, end = values["term_start"], values["term_end"]  # ordered: a constraint the kit checks
    if start <= end and not start <= values["held_on"] <= end:
        errors.add("held_on", "召开日期应在本届任期内。")
    if values["employer_count"] < len(values["employers"]):
        errors.add("employer_count", "覆盖企业数不能少于所列用人单位数。")
