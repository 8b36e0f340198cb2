"""Who a petition's step puts to work: every step that leaves the case waiting for someone reminds that person
(``inbox.remind``) and puts the case in one of their home-page queues (``queues.py``); the step that answers
settles the reminders (``inbox.settle``), so that an inbox holds only what is still to do.

| the case waits for …                       | reminded (kind)                                   | queue         |
|--------------------------------------------|---------------------------------------------------|---------------|
| a unit to sign for its assignment          | the unit's staff (新交办)                          | 待签收        |
| the owner to re-assign a returned case     | whoever assigned it (交办被退回)                   | 被退回待重新交办 |
| the owner to conclude after the report     | whoever assigned it (交办单位已反馈)               | 办理中        |
| an approver to decide an extension         | the owner's approvers (延期待审批)                 | 延期待审批    |
| the review body to decide a review         | the body's handlers and approvers (复查复核申请)   | 待复查复核    |
| an approver to answer a 不满意 rating       | the owner's approvers (评价不满意)                 | 评价不满意    |
| the leaders to know of an urgent case      | the owner's leaders (紧急重大)                     | 紧急重大      |

A step a federation user takes on a unit's behalf (签收, 退回, 反馈) says so in the timeline and reminds the
unit's staff (代为办理).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinfang.inbox.models import ReminderKind, remind, settle, unit_staff

from ..models import ReviewDirection

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.orgs.models import Org

    from ..models import Assignment, Extension, Petition, Review

URGENT_REPORTS = "petitions.urgent_reports"  # the leaders told of an urgent case (abilities.py)
STAFF = "inbox.unit_reminders"  # those who work on cases (handlers and approvers, not administrators)
APPROVE = "petitions.approve"
DECIDE = "petitions.decide"


def report_urgent(petition: Petition) -> int:
    """紧急重大（立即报告领导）: the leaders of the owning organisation (or, without any, of the nearest one above
    it) are reminded at once."""
    return remind(
        users=unit_staff(petition.org, URGENT_REPORTS),
        kind=ReminderKind.URGENT,
        text=f"{petition.number} 紧急重大，请领导阅示",
        record=petition,
        key=f"petition:{petition.pk}:urgent",
    )


def ask_extension(extension: Extension) -> int:
    """An extension request waits for the owner's approvers."""
    petition = extension.petition
    return remind(
        users=unit_staff(petition.org, STAFF, APPROVE),
        kind=ReminderKind.EXTENSION,
        text=f"{petition.number} 申请延期{extension.days}日，待审批",
        record=petition,
        key=f"extension:{extension.pk}",
    )


def extension_decided(extension: Extension) -> int:
    return settle(record=extension.petition, kinds=[ReminderKind.EXTENSION])


def ask_review(review: Review) -> int:
    """A review (re-review) request received by a union of the federation waits for that body's handlers and
    approvers; one sent up to an upper federation waits for nobody here."""
    petition = review.petition
    if review.direction == ReviewDirection.SENT_UP:  # an upper federation decides, outside this system
        return 0
    return remind(
        users=unit_staff(review.body, STAFF, DECIDE),
        kind=ReminderKind.REVIEW,
        text=f"{petition.number} 申请{review.get_level_display()}，待{review.body}办理",
        record=petition,
        key=f"review:{review.pk}",
    )


def review_decided(petition: Petition) -> int:
    return settle(record=petition, kinds=[ReminderKind.REVIEW])


def report_dissatisfied(petition: Petition) -> int:
    """A 不满意 rating waits for the owner's approvers to decide whether to reopen the case."""
    return remind(
        users=unit_staff(petition.org, STAFF, APPROVE),
        kind=ReminderKind.DISSATISFIED,
        text=f"{petition.number} 信访人评价不满意，请决定是否重新办理",
        record=petition,
        key=f"petition:{petition.pk}:dissatisfied:{petition.version}",
    )


def dissatisfaction_answered(petition: Petition) -> int:
    return settle(record=petition, kinds=[ReminderKind.DISSATISFIED])


def assignment_answered(petition: Petition, assignment: Assignment) -> int:
    """The unit signed for, returned or reported on its assignment: its 新交办 reminders are settled."""
    return settle(record=petition, kinds=[ReminderKind.ASSIGNED], key=f"assignment:{assignment.pk}:assigned")


def returned_case_assigned(petition: Petition) -> int:
    return settle(record=petition, kinds=[ReminderKind.RETURNED])


def case_closed(petition: Petition) -> int:
    """The case is concluded or terminated: what it waited for is answered."""
    return settle(
        record=petition,
        kinds=[ReminderKind.FINISHED, ReminderKind.RETURNED, ReminderKind.ASSIGNED, ReminderKind.EXTENSION],
    )


def on_behalf(assignment: Assignment, by: User) -> Org | None:
    """The unit a step is taken for when the user is not its own staff (a federation user acting for it), else
    None."""
    return None if by.org_id == assignment.org_id else assignment.org


def tell_unit(petition: Petition, assignment: Assignment, by: User, what: str) -> int:
    """A step taken on a unit's behalf: the unit's staff are told who did what for them."""
    return remind(
        users=[u for u in unit_staff(assignment.org) if u.org_id != by.org_id],
        kind=ReminderKind.ON_BEHALF,
        text=f"{petition.number} {by.org}{by.name}已代本单位{what}",
        record=petition,
        key=f"assignment:{assignment.pk}:on_behalf:{what}",
    )
