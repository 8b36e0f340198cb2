"""The workers' home ledger's one step, on the workflow kit (``lib/workflow.py``): a unit given time to put things
right (限期整改) is re-inspected (复查); the re-inspection's result becomes the first inspection's status (合格,
不合格, or 限期整改 again with a new date)."""

from __future__ import annotations

from xinfang.lib.workflow import Step, Workflow

from .models import Result

STEPS = {
    "reinspect": Step(
        "复查", frozenset({Result.RECTIFY}), None, "homes.inspect"
    ),  # the action names the result
}


def _may_act(step, inspection, user, through) -> bool:
    """The organisation that recorded the first inspection, or one above it; never a re-inspection itself."""
    return inspection.reinspection_of_id is None and inspection.is_owned_by_org_of(user)


FLOW = Workflow(
    steps=STEPS,
    may_act=_may_act,
    noun="职工之家验收",
    not_yours="该职工之家验收由{record.org}登记，您所在单位不能执行“{step.label}”。",
)
