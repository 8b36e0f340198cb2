"""Mediation ledger in the REST API: the same scope rule, filters and actions as the pages."""

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from xinfang.lib.keyset import paginate

from . import actions
from .models import Mediation

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
    person_id: int
    name: str
    id_number: str
    phone: str
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
    q: str = ""
    received_from: date | None = None
    received_to: date | None = None
    status: str = ""
    dispute_type: str = ""
    body: str = ""
    org: int | None = None
    employer: int | None = None
    lapsed: bool = False


class WorkerIn(Schema):
    name: str
    id_number: str = ""
    phone: str = ""
    is_representative: bool = False


class MediationIn(Schema):
    body: str
    application_form: str
    received_on: date | None = None
    dispute_type: str
    claims: str = ""
    workers: list[WorkerIn] = []
    employer_id: int | None = None
    new_employer_name: str = ""
    new_employer_credit_code: str = ""
    people_count: int = 1
    amount_claimed: Decimal | None = None
    body_name: str = ""
    mediators: str = ""
    accepted_on: date | None = None
    petition_id: int | None = None
    org_id: int | None = None


class ConclusionIn(Schema):
    version: int
    result: str
    result_on: date
    note: str = ""
    agreement_terms: str = ""
    amount_agreed: Decimal | None = None
    performance_due_on: date | None = None
    performance_manner: str = ""
    archive_number: str = ""


class PerformanceIn(Schema):
    version: int
    performance: str
    amount_recovered: Decimal | None = None
    confirm_over_agreed: bool = False


class SessionIn(Schema):
    held_on: date
    place: str
    attendees: str
    minutes: str


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
                "person_id": w.person_id,
                "name": w.person.name,
                "id_number": w.person.masked_id_number,
                "phone": w.person.masked_phone,
                "is_representative": w.is_representative,
            }
            for w in m.workers.select_related("person")
        ],
    }


def _scoped(request, mediation_id: int) -> Mediation:
    return get_object_or_404(
        Mediation.objects.visible_to(request.auth).select_related("employer", "org"), pk=mediation_id
    )


@router.get("", response=MediationPage)
def list_mediations(request, filters: Query[MediationFilters], cursor: str = "", limit: int = 30):
    user = request.auth
    qs = Mediation.objects.visible_to(user).matching(user, **filters.dict()).for_list()
    page = paginate(qs, field="received_on", cursor=cursor or None, size=max(1, min(limit, 100)))
    return {"items": [_row(m) for m in page.items], "next_cursor": page.next_cursor}


@router.get("/{mediation_id}", response=MediationDetail)
def get_mediation(request, mediation_id: int):
    return _detail(_scoped(request, mediation_id))


@router.post("", response={201: MediationDetail})
def create_mediation(request, payload: MediationIn):
    data = payload.dict()
    data["workers"] = [actions.WorkerInput(**w) for w in data["workers"]]
    mediation = actions.register_mediation(by=request.auth, data=actions.MediationInput(**data))
    return Status(201, _detail(_scoped(request, mediation.pk)))


@router.post("/{mediation_id}/sessions", response={201: dict})
def add_session(request, mediation_id: int, payload: SessionIn):
    session = actions.add_session(mediation=_scoped(request, mediation_id), by=request.auth, **payload.dict())
    return Status(201, {"id": session.pk, "held_on": session.held_on})


@router.post("/{mediation_id}/conclusion", response=MediationDetail)
def conclude(request, mediation_id: int, payload: ConclusionIn):
    data = payload.dict()
    actions.conclude_mediation(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=data.pop("version"),
        **data,
    )
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/performance", response=MediationDetail)
def performance(request, mediation_id: int, payload: PerformanceIn):
    data = payload.dict()
    actions.record_performance(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=data.pop("version"),
        **data,
    )
    return _detail(_scoped(request, mediation_id))


class AcceptIn(Schema):
    version: int
    accepted_on: date


class FollowUpIn(Schema):
    kind: str
    on: date
    note: str = ""


class DocumentIn(Schema):
    kind: str


@router.post("/{mediation_id}/accept", response=MediationDetail)
def accept(request, mediation_id: int, payload: AcceptIn):
    actions.accept_mediation(
        mediation=_scoped(request, mediation_id),
        by=request.auth,
        expected_version=payload.version,
        accepted_on=payload.accepted_on,
    )
    return _detail(_scoped(request, mediation_id))


@router.post("/{mediation_id}/follow-ups", response={201: dict})
def follow_up(request, mediation_id: int, payload: FollowUpIn):
    """申请仲裁, 支付令, 司法确认, 仲裁审查."""
    item = actions.add_follow_up(mediation=_scoped(request, mediation_id), by=request.auth, **payload.dict())
    return Status(201, {"id": item.pk, "kind": item.kind, "on": item.on})


@router.post("/{mediation_id}/documents", response={201: dict})
def generate(request, mediation_id: int, payload: DocumentIn):
    """调解申请登记表, 调解协议书, 调解终止告知书; download it from the case page."""
    document = actions.generate_mediation_document(
        mediation=_scoped(request, mediation_id), by=request.auth, kind=payload.kind
    )
    return Status(201, {"id": document.pk, "kind": document.kind, "title": document.title})
