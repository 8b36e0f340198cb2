"""The input of every mediation action, declared once: a pydantic model (a ninja ``Schema``) per action, with its
limits taken from the model columns (``lib.apifields``). The action takes it; the API operation takes the same
model as its body; a page turns its form's cleaned data into it (``lib.steps.input_from``). A versioned step
carries ``version``: the case's version the user read, checked by the step's conditional update. The actions keep
their checks that need other fields, the case or the database (``FieldErrors``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from xinfang.lib.apifields import limit, ref, text
from xinfang.orgs.models import CONFIRM_NEW, Employer
from xinfang.people.models import Person

from .models import Mediation, MediationDocument, MediationFollowUp, MediationSession, MediationWorker


class WorkerIn(Schema):
    name: str = limit(Person, "name")
    id_number: str = limit(Person, "id_number", default="")
    phone: str = limit(Person, "phone", default="")
    address: str = limit(MediationWorker, "address", default="")
    is_representative: bool = Field(default=False, title="推举的代表")


class MediationIn(Schema):
    """登记: a written application, or an oral one written down on the spot; directly or from a diverted
    petition (``petition_id``)."""

    body: str = limit(Mediation, "body")
    application_form: str = limit(Mediation, "application_form")
    received_on: date | None = limit(Mediation, "received_on", default=None)
    dispute_type: str = limit(Mediation, "dispute_type")
    claims: str = limit(Mediation, "claims", default="")
    workers: list[WorkerIn] = Field(default=[], title="申请人", max_length=200)
    employer_id: int | None = limit(Mediation, "employer", default=None)
    new_employer_name: str = limit(Employer, "name", default="")
    new_employer_credit_code: str = limit(Employer, "credit_code", default="")
    # A new employer although registered ones have close names.
    confirm_new_employer: bool = Field(default=False, title="确认新建用人单位", description=CONFIRM_NEW)
    people_count: int = limit(Mediation, "people_count", default=1)
    amount_claimed: Decimal | None = limit(Mediation, "amount_claimed", default=None)
    body_name: str = limit(Mediation, "body_name", default="")
    mediators: str = limit(Mediation, "mediators", default="")
    accepted_on: date | None = limit(Mediation, "accepted_on", default=None)
    petition_id: int | None = limit(Mediation, "petition", default=None)
    org_id: int | None = limit(Mediation, "org", default=None)


class AcceptIn(Schema):
    version: int = limit(Mediation, "version")
    accepted_on: date = limit(Mediation, "accepted_on")


class SessionIn(Schema):
    """调解记录."""

    held_on: date = limit(MediationSession, "held_on")
    place: str = limit(MediationSession, "place")
    attendees: str = limit(MediationSession, "attendees")
    minutes: str = limit(MediationSession, "minutes")


class MediationConclusionIn(Schema):
    """The result: settled (with the agreement's terms, amount and performance), not settled, withdrawn, or not
    accepted."""

    version: int = limit(Mediation, "version")
    result: str = text(title="调解结果", max_length=14)
    result_on: date = limit(Mediation, "result_on")
    note: str = limit(Mediation, "result_note", default="")
    agreement_terms: str = limit(Mediation, "agreement_terms", default="")
    amount_agreed: Decimal | None = limit(Mediation, "amount_agreed", default=None)
    performance_due_on: date | None = limit(Mediation, "performance_due_on", default=None)
    performance_manner: str = limit(Mediation, "performance_manner", default="")
    archive_number: str = limit(Mediation, "archive_number", default="")


class PerformanceIn(Schema):
    """How the agreement was performed, on which day (default today), and the amount actually recovered."""

    version: int = limit(Mediation, "version")
    performance: str = limit(Mediation, "performance")
    performed_on: date | None = limit(Mediation, "performed_on", default=None)
    amount_recovered: Decimal | None = limit(Mediation, "amount_recovered", default=None)
    # Recovering more than was agreed is refused unless the user confirms it.
    confirm_over_agreed: bool = Field(default=False, title="确认金额无误")


class FollowUpIn(Schema):
    """After mediation: arbitration applied, payment order, judicial confirmation, arbitration review."""

    kind: str = limit(MediationFollowUp, "kind")
    on: date = limit(MediationFollowUp, "on")
    note: str = limit(MediationFollowUp, "note", default="")


class MediationDocumentIn(Schema):
    kind: str = limit(MediationDocument, "kind")


class WorkersIn(Schema):
    """补充登记劳动者: more of the case's workers."""

    version: int = limit(Mediation, "version")
    workers: list[WorkerIn] = Field(title="申请人", min_length=1, max_length=200)


class WorkerAmountIn(Schema):
    worker_id: int = ref(title="劳动者")
    amount: Decimal = limit(MediationWorker, "amount_agreed")


class WorkerAmountsIn(Schema):
    """Each worker's share of the agreed amount."""

    version: int = limit(Mediation, "version")
    amounts: list[WorkerAmountIn] = Field(title="各劳动者的协议金额", min_length=1, max_length=1000)
