"""The inputs of the workers' home actions, declared once (ninja ``Schema``s whose limits come from the model
columns): the actions take them, the API operations take them as their bodies, and the pages turn their forms'
cleaned data into them (``lib.steps.input_from``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import limit, text

from .models import Honour, Inspection, Score


class ScoreIn(Schema):
    """One item's score: the item by its number in the checklist (序号)."""

    number: int = Field(title="验收项目序号", ge=1, le=32767)
    score: Decimal = limit(Score, "score")


class InspectionIn(Schema):
    """An inspection (验收) of a grassroots union and/or an employer, scored against the checklist of the year of
    ``inspected_on`` (create, and correct while it has no re-inspection: then with ``version``). The employer is
    named as in the import, by its name or credit code; ``unit_name`` defaults to the union's or the employer's
    name. ``reinspect_by`` is required for 限期整改 and refused otherwise."""

    inspected_on: date = limit(Inspection, "inspected_on")
    union_id: int | None = limit(Inspection, "union", default=None)
    employer: str = text(title="受检用人单位", max_length=100, default="")
    unit_name: str = limit(Inspection, "unit_name", default="")
    inspectors: str = limit(Inspection, "inspectors")
    score_list: list[ScoreIn] = Field(title="各项得分", min_length=1, max_length=200)
    result: str = limit(Inspection, "result")
    reinspect_by: date | None = limit(Inspection, "reinspect_by", default=None)
    note: str = limit(Inspection, "note", default="")
    # None: the user's own organisation.
    org_id: int | None = limit(Inspection, "org", default=None)
    version: int | None = limit(Inspection, "version", default=None)


class ReinspectionIn(Schema):
    """A re-inspection (复查) of a unit given time to put things right, scored against the same checklist as its
    first inspection; ``version`` is the first inspection's version the user read."""

    inspected_on: date = limit(Inspection, "inspected_on")
    inspectors: str = limit(Inspection, "inspectors")
    score_list: list[ScoreIn] = Field(title="各项得分", min_length=1, max_length=200)
    result: str = limit(Inspection, "result")
    reinspect_by: date | None = limit(Inspection, "reinspect_by", default=None)
    note: str = limit(Inspection, "note", default="")
    version: int = limit(Inspection, "version")


class HonourIn(Schema):
    """An honour of a union's or an employer's home; the employer by its id, or (as in the import) by its name or
    credit code in ``employer``."""

    union_id: int | None = limit(Honour, "union", default=None)
    employer_id: int | None = limit(Honour, "employer", default=None)
    employer: str = text(title="用人单位", max_length=100, default="")
    unit_name: str = limit(Honour, "unit_name", default="")
    kind: str = limit(Honour, "kind")
    level: str = limit(Honour, "level")
    awarded_by: str = limit(Honour, "awarded_by")
    year: int = limit(Honour, "year")
    org_id: int | None = limit(Honour, "org", default=None)
