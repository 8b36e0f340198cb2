"""Mediation ledger in the REST API: the same scope rule, filters and actions as the pages."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, limit, page_size, ref, text
from xinfang.lib.keyset import paginate
from xinfang.orgs.models import CONFIRM_NEW, Employer
from xinfang.people.models import Person

from . import actions
from .models import Mediation, MediationDocument, MediationFollowUp, MediationSession, MediationWorker
from .workers import add_workers, set_worker_amounts

router = Router(tags=["劳动争议调解"])


class MediationRow(Schema):
    id: int
    number: str
    received_on: date
    body: str
    dispute_type: str
    status: str
    people_count: int
    worker_names: str
    employer: str
    amount_claimed: Decimal | None
    amount_agreed: Decimal | None
    amount_recovered: Decimal | None
    settle_by: date
    lapsed: bool
    petition_id: int | None
    org: str


class MediationPage(Schema):
    items: list[MediationRow]
    next_cursor: str | None


class WorkerOut(Schema):
    id: int
    person_id: int
    name: str
    id_number: str
    phone: str
    address: str
    amount_agreed: Decimal | None
    is_representative: bool


class MediationDetail(MediationRow):
    application_form: str
    accepted_on: date | None
    claims: str
    mediators: str
    result_on: date | None
    result_note: str
    agreement_terms: str
    performance_due_on: date | None
    performance_manner: str
    performance: str
    archive_number: str
    version: int
    workers: list[WorkerOut]


class MediationFilters(Schema):
    q: str = text(title="关键词", max_length=100, default="")
    received_from: date | None = None
    received_to: date | None = None
    status: str = limit(Mediation, "status", default="")
    dispute_type: str = limit(Mediation, "dispute_type", default="")
    body: str = limit(Mediation, "body", default="")
    org: int | None = ref(title="责任组织", default=None)
    employer: int | None = ref(title="用人单位", default=None)
    lapsed: bool = False


class WorkerIn(Schema):
    name: str = limit(Person, "name")
    id_number: str = limit(Person, "id_number", default="")
    phone: str = limit(Person, "phone", default="")
    address: str = limit(MediationWorker, "address", default="")
    is_representative: bool = False


class WorkersIn(Schema):
    version: int = limit(Mediation, "version")
    workers: list[WorkerIn] = Field(title="申请人", min_length=1, max_length=200)


class WorkerAmountIn(Schema):
    worker_id: int = ref(title="劳动者")
    amount: Decimal = limit(MediationWorker, "amount_agreed")


class WorkerAmountsIn(Schema):
    version: int = limit(Mediation, "version")
    amounts: list[WorkerAmountIn] = Field(title="各劳动者的协议金额", min_length=1, max_length=1000)


class MediationIn(Schema):
    body: str = limit(Mediation, "body")
    application_form: str = limit(Mediation, "application_form")
    received_on: date | None = None
    dispute_type: str = limit(Mediation, "dispute_type")
    claims: str = limit(Mediation, "claims", default="")
    workers: list[WorkerIn] = Field([], title="申请人", max_length=200)
    employer_id: int | None = limit(Mediation, "employer", default=None)
    new_employer_name: str = limit(Employer, "name", default="")
    new_employer_credit_code: str = limit(Employer, "credit_code", default="")
    confirm_new_employer: bool = Field(False, title="确认新建用人单位", description=CONFIRM_NEW)
    people_count: int = limit(Mediation, "people_count", default=1)
    amount_claimed: Decimal | None = limit(Mediation, "amount_claimed", default=None)
    body_name: str = limit(Mediation, "body_name", default="")
    mediators: str = limit(Mediation, "mediators", default="")
    accepted_on: date | None = None
    petition_id: int | None = limit(Mediation, "petition", default=None)
    org_id: int | None = limit(Mediation, "org", default=None)


class ConclusionIn(Schema):
    version: int = limit(Mediation, "version")
    result: str = text(title="调解结果", max_length=14)
    result_on: date
    note: str = limit(Mediation, "result_note", default="")
    agreement_terms: str = limit(Mediation, "agreement_terms", default="")
    amount_agreed: Decimal | None = limit(Mediation, "amount_agreed", default=None)
    performance_due_on: date | None = None
    performance_manner: str = limit(Mediation, "performance_manner", default="")
    archive_number: str = limit(Mediation, "archive_number", default="")


class PerformanceIn(Schema):
    version: int = limit(Mediation, "version")
    performance: str = limit(Mediation, "performance")
    amount_recovered: Decimal | None = limit(Mediation, "amount_recovered", default=None)
    confirm_over_agreed: bool = False


class SessionIn(Schema):
    held_on: date
    place: str = limit(MediationSession, "place")
    attendees: str = limit(MediationSession, "attendees")
    minutes: str = limit(MediationSession, "minutes")


def _row(m: Mediation) -> dict:
    return {
        "id": m.pk,
        "number": m.number,
        "received_on": m.received_on,
        "body": m.body,
        "dispute_type": m.dispute_type,
        "status": m.status,
        "people_count": m.people_count,
        "worker_names": m.worker_names,
        "employer": m.employer.name,
        "amount_claimed": m.amount_claimed,
        "amount_agreed": m.amount_agreed,
        "amount_recovered": m.amount_recovered,
        "settle_by": m.settle_by,
        "lapsed": m.lapsed_on is not None,
        "petition_id": m.petition_id,
        "org": m.org.name,
    }


def _detail(m: Mediation) -> dict:
    return _row(m) | {
        "application_form": m.application_form,
        "accepted_on": m.accepted_on,
        "claims": m.claims,
        "mediators": m.mediators,
        "result_on": m.result_on,
        "result_note": m.result_note,
        "agreement_terms": m.agreement_terms,
        "performance_due_on": m.performance_due_on,
        "performance_manner": m.performance_manner,
        "performance": m.performance,
        "archive_number": m.archive_number,
        "version": m.version,
        "workers": [
            {
                "id": w.pk,
                "person_id": w.person_id,
                "name": w.name,
                "id_number": w.masked_id_number,
                "phone": w.masked_phone,
                "address": w.address,
                "amount_agreed": w.amount_agreed,
                "is_representative": w.is_representative,
            }
            for w in m.workers.all()
        ],
    }


def _scoped(request, mediation_id: Id) -> Mediation:
    return get_object_or_404(
        Mediation.objects.visible_to(request.auth).select_related("employer", "org"), pk=mediation_id
    )


@router.get("", response=MediationPage)
def list_mediations(
    request, filters: Query[MediationFilters], cursor: str = cursor(), limit: int = page_size(30, 100)
):
    user = request.auth
    qs = Mediation.objects.visible_to(user).matching(user, **filters.dict()).for_list()
    page = paginate(qs, field="received_on", cursor=cursor or None, size=max(1, min(limit, 100)))
    return {"items": [_row(m) for m in page.items], "next_cursor": page.next_cursor}


@router.get("/{mediation_id}", response=MediationDetail)
def get_mediation(request, mediation_id: Id):
    return _detail(_scoped(request, mediation_id))


@router.post("", response={201: MediationDetail})
@idempotent
def create_mediation(request, payload: MediationIn):
    data = payload.dict()
    data["workers"] = [actions.WorkerInput(**w) for w in data["workers"]]
    mediation = actions.register_mediation(by=request.auth, data=actions.MediationInput(**data))
    return Status(201, _detail(_scoped(request, mediation.pk)))


@router.post("/{mediation_id}/sessions", response={201: dict})
def add_session(request, mediation_id: Id, payload: SessionIn):
    session = actions.add_session(mediation=_scoped(request, mediation_id), by=request.auth, **payload.dict())
    return Status(201, {"id": session.pk, "held_on": session.held_on})


@router.post("/{mediation_id}/conclusion", response=MediationDetail)
def conclude(request, mediation_id: Id, payload: ConclusionIn):
    data = payload.dict()
    actions.conclude_mediation(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=data.pop("version"),
        **data,
    )
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/workers", response={201: MediationDetail})
def workers_add(request, mediation_id: Id, payload: WorkersIn):
    """补充登记劳动者: complete the list of workers (the 调解协议书 lists every one in its annex)."""
    add_workers(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=payload.version,
        workers=[actions.WorkerInput(**w.dict()) for w in payload.workers],
    )
    return Status(201, _detail(_scoped(request, mediation_id)))


@router.post("/{mediation_id}/worker-amounts", response=MediationDetail)
def worker_amounts(request, mediation_id: Id, payload: WorkerAmountsIn):
    """Each worker's share of the agreed amount (they add up to it), for the 调解协议书's annex."""
    set_worker_amounts(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=payload.version,
        amounts={a.worker_id: a.amount for a in payload.amounts},
    )
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/performance", response=MediationDetail)
def performance(request, mediation_id: Id, payload: PerformanceIn):
    data = payload.dict()
    actions.record_performance(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=data.pop("version"),
        **data,
    )
    return _detail(_scoped(request, mediation_id))


class AcceptIn(Schema):
    version: int = limit(Mediation, "version")
    accepted_on: date


class FollowUpIn(Schema):
    kind: str = limit(MediationFollowUp, "kind")
    on: date
    note: str = limit(MediationFollowUp, "note", default="")


class DocumentIn(Schema):
    kind: str = limit(MediationDocument, "kind")


@router.post("/{mediation_id}/accept", response=MediationDetail)
def accept(request, mediation_id: Id, payload: AcceptIn):
    actions.accept_mediation(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=payload.version,
        accepted_on=payload.accepted_on,
    )
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/follow-ups", response={201: dict})
def follow_up(request, mediation_id: Id, payload: FollowUpIn):
    """申请仲裁, 支付令, 司法确认, 仲裁审查."""
    item = actions.add_follow_up(mediation=_scoped(request, mediation_id), by=request.auth, **payload.dict())
    return Status(201, {"id": item.pk, "kind": item.kind, "on": item.on})


@router.post("/{mediation_id}/documents", response={201: dict})
def generate(request, mediation_id: Id, payload: DocumentIn):
    """调解申请登记表, 调解协议书, 调解终止告知书; download it from the case page."""
    document = actions.generate_mediation_document(
        mediation=_scoped(request, mediation_id), by=request.auth, kind=payload.kind
    )
    return Status(201, {"id": document.pk, "kind": document.kind, "title": document.title})
