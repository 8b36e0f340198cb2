"""The mediation case's steps as data (the workflow kit, ``lib/workflow.py``): which status each starts from and
leads to, and the ability it needs. Every step belongs to the case's owner: its responsible organisation or one
above it."""

from __future__ import annotations

from xinfang.accounts.models import User
from xinfang.lib.workflow import Step, Workflow

from .models import OPEN, Mediation, Status

MEDIATE = "mediations.mediate"
ANY = frozenset(Status.values)

STEPS: dict[str, Step] = {
    "accept": Step("受理", frozenset({Status.RECEIVED}), Status.MEDIATING, MEDIATE),
    "add_session": Step("记录调解", frozenset({Status.MEDIATING}), None, MEDIATE),
    # The result is one of several statuses: the action names it.
    "conclude": Step("录入调解结果", frozenset(OPEN), None, MEDIATE),
    "record_performance": Step("录入履行情况", frozenset({Status.SETTLED}), None, MEDIATE),
    "add_follow_up": Step("记录后续程序", ANY, None, MEDIATE),
    # The list of workers and their shares of the agreed amount, for the 调解协议书's annex (workers.py).
    "add_workers": Step("补充登记劳动者", frozenset({*OPEN, Status.SETTLED}), None, MEDIATE),
    "set_worker_amounts": Step("录入各劳动者的协议金额", frozenset({Status.SETTLED}), None, MEDIATE),
    "generate_document": Step("生成文书", ANY, None, "mediations.write_documents"),
}


def _may_act(step: Step, mediation: Mediation, user: User, through: object) -> bool:
    return mediation.is_owned_by_org_of(user)


FLOW = Workflow(
    steps=STEPS,
    may_act=_may_act,
    noun="调解案件",
    not_yours="该调解案件由{record.org}负责，您所在单位不能执行“{step.label}”。",
)
