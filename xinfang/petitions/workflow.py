"""The petition state machine as data: which step leads from which states to which, and who may take it.

Every action checks its step here, in one place; a forbidden step is a NotAllowed with a Chinese message,
never a silent no-op.
"""

from __future__ import annotations

from dataclasses import dataclass

from xinfang.accounts.models import Role, User
from xinfang.lib.exceptions import NotAllowed

from .models import IntakeDecision, Petition, Status

DECIDERS = frozenset({Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR})
APPROVERS = frozenset({Role.APPROVER, Role.ADMINISTRATOR})
IN_HANDLING = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING})


@dataclass(frozen=True)
class Step:
    label: str
    sources: frozenset[str]
    target: str | None  # None: the step does not change the status
    roles: frozenset[str]


STEPS: dict[str, Step] = {
    IntakeDecision.ACCEPT: Step("受理", frozenset({Status.REGISTERED}), Status.ACCEPTED, DECIDERS),
    IntakeDecision.REJECT: Step("不予受理", frozenset({Status.REGISTERED}), Status.REJECTED, DECIDERS),
    IntakeDecision.TRANSFER_OUT: Step(
        "转送", frozenset({Status.REGISTERED}), Status.TRANSFERRED_OUT, DECIDERS
    ),
    IntakeDecision.REFER: Step("告知另行提出", frozenset({Status.REGISTERED}), Status.REFERRED, DECIDERS),
    IntakeDecision.DIVERT: Step("导入法定程序", frozenset({Status.REGISTERED}), Status.DIVERTED, DECIDERS),
    "request_extension": Step("申请延期", IN_HANDLING, None, DECIDERS),
    "decide_extension": Step("审批延期", IN_HANDLING, None, APPROVERS),
    "conclude": Step("办结", IN_HANDLING, Status.CONCLUDED, DECIDERS),
    "rate": Step(
        "录入满意度评价",
        frozenset({Status.CONCLUDED}),
        Status.RATED,
        frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR}),
    ),
}


def check_step(petition: Petition, step_name: str, user: User) -> Step:
    """The step, if this user may take it on this petition now; otherwise NotAllowed saying why."""
    step = STEPS.get(step_name)
    if step is None:
        raise NotAllowed("未知的办理步骤。")
    if user.role not in step.roles:
        raise NotAllowed(f"您的角色（{user.get_role_display()}）不能执行“{step.label}”。")
    if petition.status not in step.sources:
        raise NotAllowed(f"该信访件当前状态为“{petition.get_status_display()}”，不能执行“{step.label}”。")
    return step


def allowed_steps(petition: Petition, user: User) -> list[tuple[str, Step]]:
    return [(name, s) for name, s in STEPS.items() if user.role in s.roles and petition.status in s.sources]
