"""What a congress's fields alone do not say; the kit's create, update and import check run it (``Ledger.check``,
docs/architecture.md, "Add a simple ledger") after the checks of the fields and before the natural key's."""

from __future__ import annotations

from typing import Any

from xinfang.lib.fielderrors import FieldErrors


def check_congress(values: dict[str, Any], errors: FieldErrors) -> None:
    if values["present"] > values["representatives"]:
        errors.add("present", "实到代表不能多于代表总数。")
    if values["term_end"] < values["term_start"]:
        errors.add("term_end", "本届届满日期不能早于起始日期。")
    elif not values["term_start"] <= values["held_on"] <= values["term_end"]:
        errors.add("held_on", "召开日期应在本届任期内。")
    if values["employer_count"] < len(values["employers"]):
        errors.add("employer_count", "覆盖企业数不能少于所列用人单位数。")
