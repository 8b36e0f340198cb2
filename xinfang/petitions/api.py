from datetime import date, datetime
from decimal import Decimal

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from xinfang.audit.models import AccessAction, log_access
from xinfang.documents.downloads import DOCX, MISSING_MESSAGE, MissingFile, serve
from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, limit, page_size, ref, text
from xinfang.lib.keyset import paginate_parts

from . import actions
from .actions.registration import repeat_notice
from .inputs import (
    AssignIn,
    ConclusionIn,
    CorrectionIn,
    DocumentIn,
    ExtensionDecisionIn,
    ExtensionIn,
    FinishIn,
    HearingIn,
    IntakeDecisionIn,
    NoteIn,
    PetitionIn,
    RatingIn,
    ReopenIn,
    ReturnIn,
    ReviewDecisionIn,
    ReviewRequestIn,
    SupervisionIn,
)
from .models import Petition, show_names
from .views.files import attachments_for, documents_for

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
    supervised: bool
    repeat_of: int | None
    not_accepted_again: bool
    repeat_notice: str = ""
    terminated_on: date | None


class PetitionFilters(Schema):
    q: str = text(title="关键词", max_length=100, default="")
    received_from: date | None = None
    received_to: date | None = None
    channel: str = limit(Petition, "channel", default="")
    kind: str = limit(Petition, "kind", default="")
    status: str = limit(Petition, "status", default="")
    category: int | None = ref(title="诉求类别", default=None)
    org: int | None = ref(title="责任组织", default=None)
    employer: int | None = ref(title="被反映单位", default=None)
    urgent: bool = False
    collective: bool = False
    due: str = text(title="期限", max_length=20, default="")
    queue: str = text(title="工作队列", max_length=20, default="")


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
        "petitioner_names": getattr(petition, "shown_names", None) or petition.display_names_for(user),
        "org": petition.org.name,
    }


def _detail(petition: Petition, user) -> dict:
    visible = petition.identity_visible_to(user)
    parties = petition.petitioners.all() if visible else []
    repeat = repeat_notice(petition, user)
    return _row(petition, user) | {
        "source": petition.source,
        "source_org": petition.source_org.name if petition.source_org is not None else None,
        "source_ref": petition.source_ref,
        "request": petition.request,
        "facts": petition.facts,
        "reasons": petition.reasons,
        "amount": petition.amount,
        "version": petition.version,
        "supervised": petition.supervised_at is not None,
        # As the user may be told (docs/scope.md): an earlier petition only within his scope.
        "repeat_of": repeat.earlier.pk if repeat and repeat.earlier else None,
        "not_accepted_again": bool(repeat and repeat.not_accepted_again),
        "repeat_notice": repeat.text if repeat else "",
        "terminated_on": petition.terminated_on,
        "petitioners": [
            {
                "person_id": p.person_id,
                "name": p.name,
                "role": p.role,
                "id_number": p.masked_id_number,
                "phone": p.masked_phone,
            }
            for p in parties
        ],
    }


@router.get("", response=PetitionPage)
def list_petitions(
    request, filters: Query[PetitionFilters], cursor: str = cursor(), limit: int = page_size(30, 100)
):
    user = request.auth
    parts = [p.matching(user, **filters.dict()).for_list() for p in Petition.objects.visible_parts(user)]
    page = paginate_parts(parts, field="received_at", cursor=cursor or None, size=max(1, min(limit, 100)))
    show_names(page.items, user)
    return {"items": [_row(p, user) for p in page.items], "next_cursor": page.next_cursor}


@router.get("/{petition_id}", response=PetitionDetail)
def get_petition(request, petition_id: Id):
    user = request.auth
    petition = _scoped(request, petition_id)
    if petition.is_confidential:
        log_access(
            user=user, action=AccessAction.VIEW_CONFIDENTIAL, obj=petition, request=request, detail="API"
        )
    return _detail(petition, user)


@router.post("", response={201: PetitionDetail})
@idempotent
def create_petition(request, payload: PetitionIn):
    petition = actions.register_petition(by=request.auth, data=payload)
    return Status(201, _detail(petition, request.auth))


def _scoped(request, petition_id: Id) -> Petition:
    return get_object_or_404(
        Petition.objects.visible_to(request.auth).select_related("category", "employer", "org", "source_org"),
        pk=petition_id,
    )


def _read(request, petition_id: int, what: str) -> Petition:
    """A read of a petition's parts through the API; for a confidential petition it is written to the access log
    as a view, like the page and the API detail."""
    petition = _scoped(request, petition_id)
    if petition.is_confidential:
        log_access(
            user=request.auth,
            action=AccessAction.VIEW_CONFIDENTIAL,
            obj=petition,
            request=request,
            detail=f"API {what}",
        )
    return petition


@router.post("/{petition_id}/intake-decision", response=PetitionDetail)
def decide(request, petition_id: Id, payload: IntakeDecisionIn):
    """受理 / 不予受理 / 转送 / 告知另行提出 / 导入法定程序."""
    actions.decide_intake(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/extensions", response={201: dict})
def extension_request(request, petition_id: Id, payload: ExtensionIn):
    extension = actions.request_extension(
        petition=_scoped(request, petition_id), by=request.auth, data=payload
    )
    return Status(201, {"id": extension.pk, "days": extension.days, "approved": extension.approved})


@router.post("/{petition_id}/extensions/{extension_id}/decision", response=dict)
def extension_decide(request, petition_id: Id, extension_id: Id, payload: ExtensionDecisionIn):
    petition = _scoped(request, petition_id)
    extension = get_object_or_404(petition.extensions.all(), pk=extension_id)
    extension = actions.decide_extension(extension=extension, by=request.auth, data=payload)
    return {"id": extension.pk, "days": extension.days, "approved": extension.approved}


@router.post("/{petition_id}/conclusion", response=PetitionDetail)
def conclusion(request, petition_id: Id, payload: ConclusionIn):
    actions.conclude_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/rating", response=PetitionDetail)
def rating(request, petition_id: Id, payload: RatingIn):
    actions.rate_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/supervision", response=PetitionDetail)
def supervise(request, petition_id: Id, payload: SupervisionIn):
    """督办 (leaders and approvers of the owning side), with an optional date to finish by."""
    actions.supervise_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/correction", response=PetitionDetail)
def correct(request, petition_id: Id, payload: CorrectionIn):
    """更正登记信息: only the fields sent are corrected; the event keeps the old and the new value of each."""
    actions.correct_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


class AssignmentOut(Schema):
    id: int
    org_id: int
    org: str
    role: str
    status: str
    due_on: date
    return_reason: str
    report: str


VERSION_QUERY = Query(None, ge=1, le=2**31 - 1, title="版本")


class NoteOut(Schema):
    id: int
    kind: str
    happened_on: date
    text: str
    by: str
    attachments: list[dict]


class ReviewOut(Schema):
    id: int
    level: str
    body: str
    direction: str
    requested_on: date
    received_on: date
    is_late: bool
    result: str
    decided_on: date | None


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    generated_at: datetime


def _assignment_out(a) -> dict:
    return {
        "id": a.pk,
        "org_id": a.org_id,
        "org": a.org.name,
        "role": a.role,
        "status": a.status,
        "due_on": a.due_on,
        "return_reason": a.return_reason,
        "report": a.report,
    }


def _assignment(request, petition_id: Id, assignment_id: Id):
    petition = _scoped(request, petition_id)
    return get_object_or_404(petition.assignments.select_related("org", "petition__org"), pk=assignment_id)


@router.get("/{petition_id}/assignments", response=list[AssignmentOut])
def list_assignments(request, petition_id: Id):
    return [_assignment_out(a) for a in _read(request, petition_id, "交办").assignments.select_related("org")]


@router.post("/{petition_id}/assignments", response={201: list[AssignmentOut]})
def assign(request, petition_id: Id, payload: AssignIn):
    """交办: one or more handling units, lead or assist, each with its own due date."""
    created = actions.assign_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return Status(201, [_assignment_out(a) for a in created])


@router.post("/{petition_id}/assignments/{assignment_id}/take", response=AssignmentOut)
def take(request, petition_id: Id, assignment_id: Id, version: int | None = VERSION_QUERY):
    """签收. ``version``: the petition's version the caller last read (optional; a stale one is a 409)."""
    a = actions.take_assignment(
        assignment=_assignment(request, petition_id, assignment_id), by=request.auth, expected_version=version
    )
    return _assignment_out(a)


@router.post("/{petition_id}/assignments/{assignment_id}/return", response=AssignmentOut)
def return_(request, petition_id: Id, assignment_id: Id, payload: ReturnIn):
    """退回, with a reason code."""
    a = actions.return_assignment(
        assignment=_assignment(request, petition_id, assignment_id), by=request.auth, data=payload
    )
    return _assignment_out(a)


@router.post("/{petition_id}/assignments/{assignment_id}/finish", response=AssignmentOut)
def finish(request, petition_id: Id, assignment_id: Id, payload: FinishIn):
    """反馈办理结果."""
    a = actions.finish_assignment(
        assignment=_assignment(request, petition_id, assignment_id), by=request.auth, data=payload
    )
    return _assignment_out(a)


def _note_out(note, petition_id: Id, allowed: set[int] | None = None) -> dict:
    """A handling note; with ``allowed``, only the attachments the caller may download are listed."""
    return {
        "id": note.pk,
        "kind": note.kind,
        "happened_on": note.happened_on,
        "text": note.text,
        "by": str(note.by),
        "attachments": [
            {
                "id": f.pk,
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "url": reverse("petitions:attachment", args=[petition_id, f.pk]),
            }
            for f in note.attachments.all()
            if allowed is None or f.pk in allowed
        ],
    }


@router.get("/{petition_id}/notes", response=list[NoteOut])
def list_notes(request, petition_id: Id):
    petition = _read(request, petition_id, "办理记录")
    notes = petition.notes.select_related("by").prefetch_related("attachments")
    allowed = set(attachments_for(petition, request.auth).values_list("pk", flat=True))
    return [_note_out(n, petition.pk, allowed) for n in notes]


@router.post("/{petition_id}/notes", response={201: NoteOut})
def add_note(
    request,
    petition_id: Id,
    form: Form[NoteIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
):
    """办理记录 (multipart/form-data), with attachments checked by their content."""
    petition = _scoped(request, petition_id)
    note = actions.add_handling_note(petition=petition, by=request.auth, data=form, files=list(files or []))
    return Status(201, _note_out(note, petition.pk))


@router.post("/{petition_id}/reopen", response=PetitionDetail)
def reopen(request, petition_id: Id, payload: ReopenIn):
    """重新办理 after 不满意."""
    actions.reopen_petition(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.get("/{petition_id}/reviews", response=list[ReviewOut])
def list_reviews(request, petition_id: Id):
    reviews = _read(request, petition_id, "复查复核").reviews.select_related("body")
    return [
        {
            "id": r.pk,
            "level": r.level,
            "body": r.body.name,
            "direction": r.direction,
            "requested_on": r.requested_on,
            "received_on": r.received_on,
            "is_late": r.is_late,
            "result": r.result,
            "decided_on": r.decided_on,
        }
        for r in reviews
    ]


@router.post("/{petition_id}/review-requests", response={201: PetitionDetail})
def review_request(request, petition_id: Id, payload: ReviewRequestIn):
    """复查 (or, after a review, 复核) request; a late one is recorded with is_late."""
    actions.request_review(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return Status(201, _detail(_scoped(request, petition_id), request.auth))


@router.post("/{petition_id}/review-decision", response=PetitionDetail)
def review_decision(request, petition_id: Id, payload: ReviewDecisionIn):
    actions.decide_review(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return _detail(_scoped(request, petition_id), request.auth)


@router.post("/{petition_id}/hearing", response=dict)
def hearing(request, petition_id: Id, payload: HearingIn):
    """听证: ``start`` pauses the review clock, ``end`` resumes it with the due date moved."""
    clock = actions.record_hearing(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return {"clock": clock.kind, "due_on": clock.due_on, "paused_on": clock.paused_on}


@router.get("/{petition_id}/documents", response=list[DocumentOut])
def list_documents(request, petition_id: Id):
    petition = _read(request, petition_id, "文书列表")
    documents = documents_for(petition, request.auth)  # only what the caller may download
    return [{"id": d.pk, "kind": d.kind, "title": d.title, "generated_at": d.generated_at} for d in documents]


@router.post("/{petition_id}/documents", response={201: DocumentOut})
def generate(request, petition_id: Id, payload: DocumentIn):
    """Write a notice or letter (受理告知书, 信访处理意见书 …) and keep it with the petition."""
    d = actions.generate_document(petition=_scoped(request, petition_id), by=request.auth, data=payload)
    return Status(201, {"id": d.pk, "kind": d.kind, "title": d.title, "generated_at": d.generated_at})


@router.get("/{petition_id}/documents/{document_id}/file")
def document_file(request, petition_id: Id, document_id: Id):
    """The .docx; a document naming the petitioners of a confidential case only to those who may see them."""
    petition = _scoped(request, petition_id)
    document = get_object_or_404(documents_for(petition, request.auth), pk=document_id)
    try:
        return serve(
            request,
            file=document.file,
            name=f"{petition.number}{document.title}.docx",
            content_type=DOCX,
            obj=document,
            what="文书",
        )
    except MissingFile as e:
        return JsonResponse(
            {"detail": MISSING_MESSAGE.format(what=e)}, status=404, json_dumps_params={"ensure_ascii": False}
        )
