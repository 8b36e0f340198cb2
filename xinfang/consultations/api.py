"""Consultations in the REST API: the same scope rule and action as the page."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import cursor, limit, page_size, ref, text
from xinfang.lib.keyset import paginate

from .actions import record_consultation
from .inputs import ConsultationIn
from .models import Consultation

router = Router(tags=["法律政策咨询"])


class ConsultationOut(Schema):
    id: int
    asked_at: datetime
    channel: str
    people_count: int
    person_name: str
    topic: str
    question: str
    answer: str
    answered_by: str
    petition_id: int | None
    mediation_id: int | None


class ConsultationPage(Schema):
    items: list[ConsultationOut]
    next_cursor: str | None


class ConsultationFilters(Schema):
    q: str = text(title="关键词", max_length=100, default="")
    asked_from: date | None = None
    asked_to: date | None = None
    channel: str = limit(Consultation, "channel", default="")
    topic: str = limit(Consultation, "topic", default="")
    org: int | None = ref(title="责任组织", default=None)


def _out(c: Consultation) -> dict:
    return {
        "id": c.pk,
        "asked_at": c.asked_at,
        "channel": c.channel,
        "people_count": c.people_count,
        "person_name": c.person_name,
        "topic": c.topic,
        "question": c.question,
        "answer": c.answer,
        "answered_by": str(c.answered_by),
        "petition_id": c.petition_id,
        "mediation_id": c.mediation_id,
    }


@router.get("", response=ConsultationPage)
def list_consultations(
    request, filters: Query[ConsultationFilters], cursor: str = cursor(), limit: int = page_size(50, 100)
):
    user = request.auth
    qs = Consultation.objects.visible_to(user).matching(user, **filters.dict()).select_related("answered_by")
    page = paginate(qs, field="asked_at", cursor=cursor or None, size=max(1, min(limit, 100)))
    return {"items": [_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.post("", response={201: ConsultationOut})
@idempotent
def create_consultation(request, payload: ConsultationIn):
    consultation = record_consultation(by=request.auth, data=payload)
    return Status(201, _out(consultation))
