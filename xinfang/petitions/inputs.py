"""The input of every petition action, declared once: a pydantic model (a ninja ``Schema``) per action, with its
limits taken from the model columns (``lib.apifields``). The action takes it (``data: ConclusionIn``); the API
operation takes the same model as its body, so that the OpenAPI schema comes from it; a page turns its form's
cleaned data into it (``lib.steps.input_from``). A versioned step carries ``version``: the petition's version the
user read, checked by the step's conditional update.

What a model refuses (a length, a control character, a range, a choice, a moment without its time zone) never
reaches the action; the action keeps its own checks of the same limits for input built without validation, and
the checks that need other fields, the record or the database (``FieldErrors``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import AwareDatetime, Field

from xinfang.lib.apifields import limit, text
from xinfang.orgs.models import CONFIRM_NEW, Employer, Org
from xinfang.people.models import Person

from .models import (
    Assignment,
    AssignmentRole,
    Extension,
    HandlingNote,
    Petition,
    PetitionDocument,
    Petitioner,
    PetitionerRole,
    Review,
    Source,
)

REASON_MAX = 150  # a correction's reason goes into the event's summary (200 characters)


class PetitionerIn(Schema):
    name: str = limit(Person, "name")
    role: str = limit(Petitioner, "role", default=PetitionerRole.MAIN)
    id_number: str = limit(Person, "id_number", default="")
    phone: str = limit(Person, "phone", default="")
    gender: str = limit(Person, "gender", default="")
    address: str = limit(Person, "address", default="")


class EmployerNew(Schema):
    """An employer named at registration that is not picked from the register (matched before it is created)."""

    name: str = limit(Employer, "name")
    credit_code: str = limit(Employer, "credit_code", default="")
    address: str = limit(Employer, "address", default="")
    confirm_new: bool = Field(default=False, title="确认新建用人单位", description=CONFIRM_NEW)


class PetitionIn(Schema):
    """登记. ``received_at`` carries its time zone (``+08:00``); a moment without one is refused."""

    channel: str = limit(Petition, "channel")
    received_at: AwareDatetime = limit(Petition, "received_at")
    kind: str = limit(Petition, "kind")
    category_id: int | None = limit(Petition, "category", default=None)
    request: str = limit(Petition, "request", default="")
    facts: str = limit(Petition, "facts", default="")
    reasons: str = limit(Petition, "reasons", default="")
    petitioners: list[PetitionerIn] = Field(default=[], title="信访人", max_length=200)
    people_count: int = limit(Petition, "people_count", default=1)
    source: str = limit(Petition, "source", default=Source.DIRECT)
    source_org_id: int | None = limit(Petition, "source_org", default=None)
    # A body not yet listed: recorded for an administrator to check.
    source_org_name: str = limit(Org, "name", default="", title="未列出的转送/交办机关")
    source_ref: str = limit(Petition, "source_ref", default="")
    employer_id: int | None = limit(Petition, "employer", default=None)
    new_employer: EmployerNew | None = Field(default=None, title="新增被反映单位")
    amount: Decimal | None = limit(Petition, "amount", default=None)
    is_urgent: bool = False
    # None: the default for the kind (检举控告类 is confidential).
    is_confidential: bool | None = None
    # None: the registrar's own organisation.
    org_id: int | None = limit(Petition, "org", default=None)


class CorrectionIn(Schema):
    """更正登记信息: only the fields sent are corrected; once the case is closed, an approver corrects, with a
    reason."""

    version: int = limit(Petition, "version")
    request: str | None = limit(Petition, "request", default=None)
    facts: str | None = limit(Petition, "facts", default=None)
    reasons: str | None = limit(Petition, "reasons", default=None)
    amount: Decimal | None = limit(Petition, "amount", default=None)
    is_urgent: bool | None = None
    reason: str = text(title="更正理由", max_length=REASON_MAX, default="")


class IntakeDecisionIn(Schema):
    """受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序."""

    version: int = limit(Petition, "version")
    decision: str = limit(Petition, "intake_decision")
    reason: str = limit(Petition, "intake_reason", default="")
    reason_code: str = limit(Petition, "intake_reason_code", default="")
    transferred_to_id: int | None = limit(Petition, "transferred_to", default=None)
    transferred_to_name: str = limit(Org, "name", default="", title="未列出的转送机关")
    # None: today; a decision made on paper is entered afterwards with its own date.
    decided_on: date | None = Field(default=None, title="决定日期")
    competent_body: str = limit(Petition, "competent_body", default="")


class UnitIn(Schema):
    org_id: int = limit(Assignment, "org")
    role: str = limit(Assignment, "role", default=AssignmentRole.LEAD)
    # None: policy assignment_days from the day of the assignment.
    due_on: date | None = Field(default=None, title="办理期限")


class AssignIn(Schema):
    """交办: one or more handling units, lead or assist, each with its own due date."""

    version: int = limit(Petition, "version")
    units: list[UnitIn] = Field(title="承办单位", max_length=50)
    instructions: str = limit(Assignment, "instructions", default="")
    # None: today; an assignment made on paper is entered afterwards with its own date.
    on: date | None = Field(default=None, title="交办日期")


class ReturnIn(Schema):
    """退回, with a reason code. ``version``: the petition's version the caller last read (optional)."""

    version: int | None = limit(Petition, "version", default=None)
    reason: str = limit(Assignment, "return_reason")
    note: str = limit(Assignment, "return_note", default="")


class FinishIn(Schema):
    """反馈办理结果. ``on``: the day the result was reported (default today), for entries made afterwards."""

    report: str = limit(Assignment, "report")
    on: date | None = Field(default=None, title="反馈日期")


class NoteIn(Schema):
    """办理记录 (its attachments are sent beside it, as files)."""

    kind: str = limit(HandlingNote, "kind")
    text: str = limit(HandlingNote, "text")
    happened_on: date = limit(HandlingNote, "happened_on")


class ExtensionIn(Schema):
    days: int = limit(Extension, "days")
    reason: str = limit(Extension, "reason")


class ExtensionDecisionIn(Schema):
    approve: bool = Field(title="批准")
    note: str = limit(Extension, "decision_note", default="")


class ConclusionIn(Schema):
    """办结."""

    version: int = limit(Petition, "version")
    outcome: str = limit(Petition, "outcome")
    decision_text: str = limit(Petition, "decision_text")
    legal_basis: str = limit(Petition, "legal_basis")
    replied_on: date = limit(Petition, "replied_on")
    delivery: str = limit(Petition, "delivery")
    amount_recovered: Decimal | None = limit(Petition, "amount_recovered", default=None)


class RatingIn(Schema):
    version: int = limit(Petition, "version")
    rating: str = limit(Petition, "rating")
    method: str = limit(Petition, "rating_method")
    rated_on: date = limit(Petition, "rated_on")


class SupervisionIn(Schema):
    """督办, with an optional date to finish by."""

    note: str = limit(Petition, "supervision_note")
    due_on: date | None = limit(Petition, "supervision_due_on", default=None)


class ReopenIn(Schema):
    version: int = limit(Petition, "version")
    reason: str = text(title="重新办理理由", max_length=500)


class ReviewRequestIn(Schema):
    """复查 (or, after a review, 复核) request."""

    version: int = limit(Petition, "version")
    body_id: int = limit(Review, "body")
    requested_on: date = limit(Review, "requested_on")
    received_on: date = limit(Review, "received_on")
    request_text: str = limit(Review, "request_text")


class ReviewDecisionIn(Schema):
    version: int = limit(Petition, "version")
    result: str = limit(Review, "result")
    decision_text: str = limit(Review, "decision_text")
    decided_on: date = limit(Review, "decided_on")


class HearingIn(Schema):
    """听证: ``start`` pauses the review clock, ``end`` resumes it with the due date moved."""

    on: date = Field(title="日期")
    action: Literal["start", "end"] = Field(title="听证")


class DocumentIn(Schema):
    kind: str = limit(PetitionDocument, "kind")
    # Required for the 调查核实函 of a confidential case (its neutral matters to verify), ignored otherwise.
    summary: str = text(title="核实事项摘要", max_length=2000, default="")


class PetitionImportIn(PetitionIn):
    """One row of a petitions file (数据导入, ``actions.imports``): the registration, the number it keeps (empty: a
    new one), and for a historical petition its conclusion and rating (empty: live work)."""

    number: str = limit(Petition, "number", default="")
    outcome: str = limit(Petition, "outcome", default="")
    decision_text: str = limit(Petition, "decision_text", default="")
    legal_basis: str = limit(Petition, "legal_basis", default="")
    replied_on: date | None = limit(Petition, "replied_on", default=None)
    delivery: str = limit(Petition, "delivery", default="")
    amount_recovered: Decimal | None = limit(Petition, "amount_recovered", default=None)
    rating: str = limit(Petition, "rating", default="")
    rating_method: str = limit(Petition, "rating_method", default="")
    rated_on: date | None = limit(Petition, "rated_on", default=None)
