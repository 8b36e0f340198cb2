from datetime import datetime

from ninja import Router, Schema

from xinfang.lib.apifields import cursor
from xinfang.lib.keyset import paginate

from .models import Reminder

router = Router(tags=["待办提醒"])


class ReminderOut(Schema):
    id: int
    kind: str
    text: str
    petition_id: int | None
    created_at: datetime
    read: bool


class ReminderPage(Schema):
    items: list[ReminderOut]
    next_cursor: str | None


@router.get("", response=ReminderPage)
def list_reminders(request, unread: bool = False, cursor: str = cursor()):
    """The caller's own inbox, newest first."""
    qs = Reminder.objects.visible_to(request.auth)
    if unread:
        qs = qs.unread()
    page = paginate(qs, field="created_at", cursor=cursor or None, size=50)
    return {
        "items": [
            {
                "id": r.pk,
                "kind": r.kind,
                "text": r.text,
                "petition_id": r.petition_id,
                "created_at": r.created_at,
                "read": r.read_at is not None,
            }
            for r in page.items
        ],
        "next_cursor": page.next_cursor,
    }
