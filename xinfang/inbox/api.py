from datetime import datetime

from ninja import Router, Schema
from ninja.params import functions as params

from xinfang.lib.apifields import NO_CONTROL, cursor
from xinfang.lib.keyset import paginate

from .models import Reminder

router = Router(tags=["待办提醒"])


class ReminderOut(Schema):
    id: int
    kind: str
    text: str
    ledger: str
    record_id: int | None
    label: str
    link: str
    created_at: datetime
    read: bool


class ReminderPage(Schema):
    items: list[ReminderOut]
    next_cursor: str | None


@router.get("", response=ReminderPage)
def list_reminders(
    request,
    unread: bool = False,
    ledger: str = params.Query("", max_length=40, pattern=NO_CONTROL, title="台账"),
    kind: str = params.Query("", max_length=12, pattern=NO_CONTROL, title="提醒类型"),
    cursor: str = cursor(),
):
    """The caller's own inbox, newest first; of one ledger's records, of one kind, if asked."""
    qs = Reminder.objects.visible_to(request.auth)
    if ledger:
        qs = qs.filter(ledger=ledger)
    if kind:
        qs = qs.filter(kind=kind)
    if unread:
        qs = qs.unread()
    page = paginate(qs, field="created_at", cursor=cursor or None, size=50)
    return {
        "items": [
            {
                "id": r.pk,
                "kind": r.kind,
                "text": r.text,
                "ledger": r.ledger,
                "record_id": r.record_id,
                "label": r.label,
                "link": r.link,
                "created_at": r.created_at,
                "read": r.read_at is not None,
            }
            for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }
