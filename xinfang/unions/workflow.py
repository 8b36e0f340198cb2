"""A union's steps as data (the workflow kit, ``lib/workflow.py``): all of them on an active union, by its owner
(the working committee it reports to, or an organisation above it)."""

from __future__ import annotations

from xinfang.accounts.models import User
from xinfang.lib.workflow import Step, Workflow

from .models import GrassrootsUnion, UnionStatus

RECORD = "unions.record"
ACTIVE = frozenset({UnionStatus.ACTIVE})

STEPS: dict[str, Step] = {
    "edit": Step("修改基层工会信息", ACTIVE, None, RECORD),
    "count": Step("更新职工和会员人数", ACTIVE, None, RECORD),
    "cover": Step("新增覆盖单位", ACTIVE, None, RECORD),
    "uncover": Step("终止覆盖", ACTIVE, None, RECORD),
    "batch": Step("登记会员发展或转出", ACTIVE, None, RECORD),
    "merge": Step("合并", ACTIVE, UnionStatus.MERGED, RECORD),
    "dissolve": Step("撤销", ACTIVE, UnionStatus.DISSOLVED, RECORD),
}


def _may_act(step: Step, union: GrassrootsUnion, user: User, through: object) -> bool:
    return union.is_owned_by_org_of(user)


FLOW = Workflow(
    steps=STEPS,
    may_act=_may_act,
    noun="基层工会",
    not_yours="该基层工会属{record.org}管理，您所在单位不能执行“{step.label}”。",
)
