"""Mediation ledger in the REST API: the same scope rule, filters and actions as the pages."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, limit, page_size, ref, text
from xinfang.lib.keyset import paginate

from . import actions
from .inputs import (
    AcceptIn,
    FollowUpIn,
    MediationConclusionIn,
    MediationDocumentIn,
    MediationIn,
    PerformanceIn,
    SessionIn,
    WorkerAmountsIn,
    WorkersIn,
)
from .models import Mediation
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
    performed_on: date | None
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
        "performed_on": m.performed_on,
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
    mediation = actions.register_mediation(by=request.auth, data=payload)
    return Status(201, _detail(_scoped(request, mediation.pk)))


@router.post("/{mediation_id}/sessions", response={201: dict})
def add_session(request, mediation_id: Id, payload: SessionIn):
    session = actions.add_session(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return Status(201, {"id": session.pk, "held_on": session.held_on})


@router.post("/{mediation_id}/conclusion", response=MediationDetail)
def conclude(request, mediation_id: Id, payload: MediationConclusionIn):
    actions.conclude_mediation(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/workers", response={201: MediationDetail})
def workers_add(request, mediation_id: Id, payload: WorkersIn):
    """补充登记劳动者: complete the list of workers (the 调解协议书 lists every one in its annex)."""
    add_workers(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return Status(201, _detail(_scoped(request, mediation_id)))


@router.post("/{mediation_id}/worker-amounts", response=MediationDetail)
def worker_amounts(request, mediation_id: Id, payload: WorkerAmountsIn):
    """Each worker's share of the agreed amount (they add up to it), for the 调解协议书's annex."""
    set_worker_amounts(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/performance", response=MediationDetail)
def performance(request, mediation_id: Id, payload: PerformanceIn):
    actions.record_performance(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/accept", response=MediationDetail)
def accept(request, mediation_id: Id, payload: AcceptIn):
    actions.accept_mediation(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/follow-ups", response={201: dict})
def follow_up(request, mediation_id: Id, payload: FollowUpIn):
    """申请仲裁, 支付令, 司法确认, 仲裁审查."""
    item = actions.add_follow_up(mediation=_scoped(request, mediation_id), by=request.auth, data=payload)
    return Status(201, {"id": item.pk, "kind": item.kind, "on": item.on})


@router.post("/{mediation_id}/documents", response={201: dict})
def generate(request, mediation_id: Id, payload: MediationDocumentIn):
    """调解申请登记表, 调解协议书, 调解终止告知书; download it from the case page."""
    document = actions.generate_mediation_document(
        mediation=_scoped(request, mediation_id), by=request.auth, data=payload
    )
    return Status(201, {"id": document.pk, "kind": document.kind, "title": document.title})
