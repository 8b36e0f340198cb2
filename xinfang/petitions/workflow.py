"""The petition state machine as data, on the workflow kit (``lib/workflow.py``): which step leads from which
states to which, which ability it needs (``abilities.py``), and on whose behalf it is taken.

Every action checks its step here, in one place (``check_step``), and takes it with ``FLOW.take`` (the
conditional UPDATE on the version the user loaded); a forbidden step is a NotAllowed with a Chinese message,
never a silent no-op. A step is taken either by the owning side (the petition's responsible organisation or
an organisation above it) or by a handling unit through its assignment (交办).
"""

from __future__ import annotations

from xinfang.accounts.models import User
from xinfang.lib.workflow import OWNER, Step, Workflow

from .models import Assignment, IntakeDecision, Petition, Status

IN_HANDLING = frozenset({Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING})
WITH_UNITS = frozenset({Status.ASSIGNED, Status.HANDLING})
REGISTERED = frozenset({Status.REGISTERED})
IN_ANY_REVIEW = frozenset({Status.IN_REVIEW, Status.IN_RE_REVIEW})
OPEN = REGISTERED | IN_HANDLING
CLOSED = frozenset(Status.values) - OPEN  # decided at intake, concluded, rated, in review or terminated
# 督办 is pressure on a case still to be answered, by the owner's leaders and approvers.
SUPERVISABLE = frozenset(Status.values) - {
    Status.TERMINATED,
    Status.REJECTED,
    Status.TRANSFERRED_OUT,
    Status.REFERRED,
}

# Who takes a step (``Step.actor``): the owning side is the kit's OWNER.
UNIT = "unit"  # a handling unit, through its assignment
OWNER_OR_UNIT = "owner_or_unit"

# The abilities (abilities.py).
DECIDE = "petitions.decide"
APPROVE = "petitions.approve"
RECORD = "petitions.record"
SUPERVISE = "petitions.supervise"

STEPS: dict[str, Step] = {
    IntakeDecision.ACCEPT: Step("受理", REGISTERED, Status.ACCEPTED, DECIDE),
    IntakeDecision.REJECT: Step("不予受理", REGISTERED, Status.REJECTED, DECIDE),
    IntakeDecision.TRANSFER_OUT: Step("转送", REGISTERED, Status.TRANSFERRED_OUT, DECIDE),
    IntakeDecision.REFER: Step("告知另行提出", REGISTERED, Status.REFERRED, DECIDE),
    IntakeDecision.DIVERT: Step("导入法定程序", REGISTERED, Status.DIVERTED, DECIDE),
    "assign": Step("交办", IN_HANDLING, None, DECIDE),
    "take": Step("签收", WITH_UNITS, Status.HANDLING, RECORD, UNIT),
    "return": Step("退回", WITH_UNITS, None, DECIDE, UNIT),
    "finish_assignment": Step("反馈办理结果", WITH_UNITS, None, DECIDE, UNIT),
    "add_note": Step("填写办理记录", IN_HANDLING, None, RECORD, OWNER_OR_UNIT),
    "request_extension": Step("申请延期", IN_HANDLING, None, DECIDE),
    "decide_extension": Step("审批延期", IN_HANDLING, None, APPROVE),
    "conclude": Step("办结", IN_HANDLING, Status.CONCLUDED, DECIDE),
    "rate": Step("录入满意度评价", frozenset({Status.CONCLUDED}), Status.RATED, RECORD),
    "reopen": Step("重新办理", frozenset({Status.RATED}), Status.ACCEPTED, APPROVE),
    "request_review": Step(
        "登记复查申请", frozenset({Status.CONCLUDED, Status.RATED}), Status.IN_REVIEW, DECIDE
    ),
    "decide_review": Step("录入复查意见", frozenset({Status.IN_REVIEW}), Status.REVIEWED, DECIDE),
    "request_re_review": Step("登记复核申请", frozenset({Status.REVIEWED}), Status.IN_RE_REVIEW, DECIDE),
    "decide_re_review": Step("录入复核意见", frozenset({Status.IN_RE_REVIEW}), Status.TERMINATED, DECIDE),
    "hearing": Step("听证（期限暂停与恢复）", IN_ANY_REVIEW, None, DECIDE),
    "supervise": Step("督办", SUPERVISABLE, None, SUPERVISE),
    # Registration details are corrected by the owner's staff while the case is open; once it is closed, only
    # by an approver of the owner, with a reason (the event keeps both values).
    "correct": Step("更正登记信息", OPEN, None, RECORD),
    "correct_closed": Step("更正已办结信访件的登记信息", CLOSED, None, APPROVE),
}


def is_owner(petition: Petition, user: User) -> bool:
    """Whether the user's organisation is the petition's responsible organisation or above it (no query: the
    petition carries its ancestors by level)."""
    return petition.is_owned_by_org_of(user)


def acts_for(assignment: Assignment, user: User) -> bool:
    """Whether the user belongs to the assignment's handling unit or an organisation above it."""
    return user.org is not None and assignment.org.path.startswith(user.org.path)


def _may_act(step: Step, petition: Petition, user: User, assignment: Assignment | None) -> bool:
    """The petition's rule: the owning side takes its steps; a handling unit its own, through its active
    assignment."""
    owner = is_owner(petition, user)
    unit = assignment is not None and assignment.is_active and acts_for(assignment, user)
    if step.actor == OWNER:
        return owner
    if step.actor == UNIT:
        return unit
    return owner or unit


FLOW = Workflow(
    steps=STEPS,
    may_act=_may_act,
    noun="信访件",
    not_yours="该信访件由{record.org}负责，您所在单位不能执行“{step.label}”。",
)


def check_step(petition: Petition, step_name: str, user: User, assignment: Assignment | None = None) -> Step:
    """The step, if this user may take it on this petition now; otherwise NotAllowed saying why."""
    return FLOW.check(petition, step_name, user, assignment)


def allowed_steps(petition: Petition, user: User, assignment: Assignment | None = None) -> list[str]:
    """The names of the steps the user may take now (the page shows their forms)."""
    return FLOW.allowed(petition, user, assignment)
