"""The workers' home operations beside the kit's (``/api/v1/homes``: list, one inspection, create, correct): the
re-inspection step and the honours, through the same actions and scope rule as the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, page_size
from xinfang.lib.keyset import paginate

from .actions import record_honour, record_reinspection
from .inputs import HonourIn, ReinspectionIn
from .models import Honour, Inspection

router = Router(tags=["职工之家验收"])


class ReinspectionOut(Schema):
    id: int
    reinspection_of: int
    inspected_on: str
    total_score: str
    result: str
    score_list: str
    status: str  # the first inspection's status after it


class HonourOut(Schema):
    id: int
    unit_name: str
    kind: str
    level: str
    awarded_by: str
    year: int


class HonourPage(Schema):
    items: list[HonourOut]
    next_cursor: str | None


@router.post(
    "/{inspection_id}/reinspections",
    response={201: ReinspectionOut},
    operation_id="homes_reinspect",
    url_name="homes_reinspect",
)
@idempotent
def reinspect(request, inspection_id: Id, payload: ReinspectionIn):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.auth), pk=inspection_id)
    again = record_reinspection(inspection=inspection, by=request.auth, data=payload)
    inspection.refresh_from_db()
    return Status(
        201,
        {
            "id": again.pk,
            "reinspection_of": inspection.pk,
            "inspected_on": again.inspected_on.isoformat(),
            "total_score": str(again.total_score),
            "result": again.result,
            "score_list": again.score_list,
            "status": inspection.status,
        },
    )


@router.get("/honours/", response=HonourPage, operation_id="homes_honours", url_name="homes_honours")
def honours(request, cursor: str = cursor(), limit: int = page_size(50, 100)):
    qs = Honour.objects.visible_to(request.auth)
    page = paginate(qs, field="registered_at", cursor=cursor or None, size=limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/honours/", response={201: HonourOut}, operation_id="homes_honour_create", url_name="homes_honour_create"
)
@idempotent
def create_honour(request, payload: HonourIn):
    return Status(201, record_honour(by=request.auth, data=payload))
