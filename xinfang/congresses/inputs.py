"""The one input of the congress actions (create and update), the API body, what the page's form becomes."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import limit

from .models import Congress


class CongressIn(Schema):
    held_on: date = limit(Congress, "held_on")
    level: str = limit(Congress, "level")
    union_name: str = limit(Congress, "union_name")
    term: int = limit(Congress, "term")
    term_start: date = limit(Congress, "term_start")
    term_end: date = limit(Congress, "term_end")
    representatives: int = limit(Congress, "representatives")
    present: int = limit(Congress, "present")
    employer_count: int = limit(Congress, "employer_count", default=1)
    employers: list[str] = Field(
        default_factory=list, max_length=500, title="覆盖用人单位"
    )  # names or credit codes
    agenda: str = limit(Congress, "agenda", default="")
    org_id: int | None = limit(Congress, "org", default=None)  # None: the user's own organisation
    version: int | None = limit(Congress, "version", default=None)  # editing: the version read
