from datetime import date, datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from xinfang.audit.models import AccessAction, log_access
from xinfang.lib.keyset import paginate

from . import actions
from .models import Petition, PetitionerRole, Source

router = Router(tags=["信访"])


class PetitionRow(Schema):
    id: int
    number: str
    received_at: datetime
    channel: str
    kind: str
    status: str
    category: str
    employer: str | None
    people_count: int
    is_collective: bool
    is_urgent: bool
    is_confidential: bool
    petitioner_names: str
    org: str


class PetitionPage(Schema):
    items: list[PetitionRow]
    next_cursor: str | None


class PetitionerOut(Schema):
    person_id: int
    name: str
    role: str
    id_number: str
    phone: str


class PetitionDetail(PetitionRow):
    source: str
    source_org: str | None
    source_ref: str
    request: str
    facts: str
    reasons: str
    amount: Decimal | None
    version: int
    petitioners: list[PetitionerOut]


class PetitionFilters(Schema):
    q: str = ""
    received_from: date | None = None
    received_to: date | None = None
    channel: str = ""
    kind: str = ""
    status: str = ""
    category: int | None = None
    org: int | None = None
    employer: int | None = None
    urgent: bool = False
    collective: bool = False
    due: str = ""
    queue: str = ""


class PetitionerIn(Schema):
    name: str
    role: str = PetitionerRole.MAIN
    id_number: str = ""
    phone: str = ""
    gender: str = ""
    address: str = ""


class EmployerNew(Schema):
    name: str
    credit_code: str = ""
    address: str = ""


class PetitionIn(Schema):
    channel: str
    received_at: datetime
    kind: str
    category_id: int | None = None
    request: str = ""
    facts: str = ""
    reasons: str = ""
    petitioners: list[PetitionerIn] = []
    people_count: int = 1
    source: str = Source.DIRECT
    source_org_id: int | None = None
    source_ref: str = ""
    employer_id: int | None = None
    new_employer: EmployerNew | None = None
    amount: Decimal | None = None
    is_urgent: bool = False
    is_confidential: bool | None = None
    org_id: int | None = None


def _row(petition: Petition, user) -> dict:
    return {
        "id": petition.pk,
        "number": petition.number,
        "received_at": petition.received_at,
        "channel": petition.channel,
        "kind": petition.kind,
        "status": petition.status,
        "category": petition.category.name,
        "employer": petition.employer.name if petition.employer is not None else None,
        "people_count": petition.people_count,
        "is_collective": petition.is_collective,
        "is_urgent": petition.is_urgent,
        "is_confidential": petition.is_confidential,
        "petitioner_names": petition.display_names_for(user),
        "org": petition.org.name,
    }


def _detail(petition: Petition, user) -> dict:
    visible = petition.identity_visible_to(user)
    parties = petition.petitioners.select_related("person") if visible else []
    return _row(petition, user) | {
        "source": petition.source,
        "source_org": petition.source_org.name if petition.source_org is not None else None,
        "source_ref": petition.source_ref,
        "request": petition.request,
        "facts": petition.facts,
        "reasons": petition.reasons,
        "amount": petition.amount,
        "version": petition.version,
        "petitioners": [
            {
                "person_id": p.person_id,
                "name": p.person.name,
                "role": p.role,
                "id_number": p.person.masked_id_number,
                "phone": p.person.masked_phone,
            }
            for p in parties
        ],
    }


@router.get("", response=PetitionPage)
def list_petitions(request, filters: Query[PetitionFilters], cursor: str = "", limit: int = 30):
    user = request.auth
    qs = Petition.objects.visible_to(user).matching(user, **filters.dict()).for_list()
    page = paginate(qs, field="received_at", cursor=cursor or None, size=max(1, min(limit, 100)))
    return {"items": [_row(p, user) for p in page.items], "next_cursor": page.next_cursor}


@router.get("/{petition_id}", response=PetitionDetail)
def get_petition(request, petition_id: int):
    user = request.auth
    petition = _scoped(request, petition_id)
    if petition.is_confidential:
        log_access(
            user=user, action=AccessAction.VIEW_CONFIDENTIAL, obj=petition, request=request, detail="API"
        )
    return _detail(petition, user)


@router.post("", response={201: PetitionDetail})
def create_petition(request, payload: PetitionIn):
    data = payload.dict()
    data["petitioners"] = [actions.PetitionerInput(**p) for p in data["petitioners"]]
    if data["new_employer"]:
        data["new_employer"] = actions.EmployerInput(**data["new_employer"])
    petition = actions.register_petition(by=request.auth, data=actions.PetitionInput(**data))
    return Status(201, _detail(petition, request.auth))


class IntakeDecisionIn(Schema):
    version: int
    decision: str
    reason: str = ""
    reason_code: str = ""
    transferred_to_id: int | None = None


class ExtensionIn(Schema):
    days: int
    reason: str


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""


class ConclusionIn(Schema):
    version: int
    outcome: str
    decision_text: str
    legal_basis: str
    replied_on: date
    delivery: str
    amount_recovered: Decimal | None = None


class RatingIn(Schema):
    version: int
    rating: str
    method: str
    rated_on: date


def _scoped(request, petition_id: int) -> Petition:
    return get_object_or_404(
        Petition.objects.visible_to(request.auth).select_related("category", "employer", "org", "source_org"),
        pk=petition_id,
    )


@router.post("/{petition_id}/intake-decision", response=PetitionDetail)
def decide(request, petition_id: int, payload: IntakeDecisionIn):
    """受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序."""
    petition = _scoped(request, petition_id)
    actions.decide_intake(
        petition=petition,
        by=request.auth,
        decision=payload.decision,
        expected_version=payload.version,
        reason=payload.reason,
        reason_code=payload.reason_code,
        transferred_to_id=payload.transferred_to_id,
    )
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/extensions", response={201: dict})
def extension_request(request, petition_id: int, payload: ExtensionIn):
    extension = actions.request_extension(
        petition=_scoped(request, petition_id), by=request.auth, days=payload.days, reason=payload.reason
    )
    return Status(201, {"id": extension.pk, "days": extension.days, "approved": extension.approved})


@router.post("/{petition_id}/extensions/{extension_id}/decision", response=dict)
def extension_decide(request, petition_id: int, extension_id: int, payload: ExtensionDecisionIn):
    petition = _scoped(request, petition_id)
    extension = get_object_or_404(petition.extensions.all(), pk=extension_id)
    extension = actions.decide_extension(
        extension=extension, by=request.auth, approve=payload.approve, note=payload.note
    )
    return {"id": extension.pk, "days": extension.days, "approved": extension.approved}


@router.post("/{petition_id}/conclusion", response=PetitionDetail)
def conclusion(request, petition_id: int, payload: ConclusionIn):
    actions.conclude_petition(
        petition=_scoped(request, petition_id),
        by=request.auth,
        expected_version=payload.version,
        outcome=payload.outcome,
        decision_text=payload.decision_text,
        legal_basis=payload.legal_basis,
        replied_on=payload.replied_on,
        delivery=payload.delivery,
        amount_recovered=payload.amount_recovered,
    )
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/rating", response=PetitionDetail)
def rating(request, petition_id: int, payload: RatingIn):
    actions.rate_petition(
        petition=_scoped(request, petition_id),
        by=request.auth,
        expected_version=payload.version,
        rating=payload.rating,
        method=payload.method,
        rated_on=payload.rated_on,
    )
    return _detail(_scoped(request, petition_id), request.auth)
