"""Taking a step: the one conditional UPDATE that moves a petition on, or refuses a stale or concurrent edit."""

from __future__ import annotations

from django.db.models import F

from xinfang.lib.exceptions import Conflict

from ..models import Petition
from ..workflow import Step


def take_step(petition: Petition, *, step: Step, expected_version: int, **fields) -> None:
    """Apply ``fields`` (and the step's target status) only if nobody changed the petition since the user loaded
    version ``expected_version`` and it is still in a status the step starts from; otherwise Conflict. The step's
    target status applies unless ``fields`` names another (a step with two possible outcomes)."""
    if step.target is not None:
        fields.setdefault("status", step.target)
    updated = Petition.objects.filter(
        pk=petition.pk, version=expected_version, status__in=step.sources
    ).update(version=F("version") + 1, **fields)
    if updated == 0:
        raise Conflict("该信访件已被他人处理或修改，请刷新页面后重新操作。")
