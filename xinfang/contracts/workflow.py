"""The collective contract's steps as data (the workflow kit, ``lib/workflow.py``). Every step belongs to the
contract's owner: its responsible organisation or one above it. The contract takes effect by itself when the
review period lapses without objection (``clocks.py``, on ``tick``), not by a step."""

from __future__ import annotations

from xinfang.accounts.models import User
from xinfang.lib.workflow import Step, Workflow

from .abilities import RECORD
from .models import Contract, Status

ANY = frozenset(Status.values)

STEPS: dict[str, Step] = {
    "add_session": Step("记录集体协商", ANY, None, RECORD),
    "file": Step("报送审查", frozenset({Status.SIGNED}), Status.FILED, RECORD),
    "object": Step("录入审查异议", frozenset({Status.FILED}), Status.OBJECTED, RECORD),
    "refile": Step("重新报送审查", frozenset({Status.OBJECTED}), Status.FILED, RECORD),
    "renew": Step("续订", frozenset({Status.EFFECTIVE}), None, RECORD),
}


def _may_act(step: Step, contract: Contract, user: User, through: object) -> bool:
    return contract.is_owned_by_org_of(user)


FLOW = Workflow(
    steps=STEPS,
    may_act=_may_act,
    noun="集体合同",
    not_yours="该集体合同由{record.org}负责，您所在单位不能执行“{step.label}”。",
)
