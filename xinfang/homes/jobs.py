"""The ledger's ``tick`` job (registered in ``contributions.py``): a re-inspection date (复查日期) that has come is
noted once — an event on the inspection and a reminder to the recording unit's staff — never once per tick. The
inspection is claimed with a conditional UPDATE (``reinspect_noted_at`` still empty), so two runs at once note it
once; a new 复查日期 (限期整改 again) clears the mark, and the new date is noted when it comes."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib.workflow import record_event

from .models import EventKind, Inspection

BATCH = 500


def note_reinspections_due(now: datetime) -> str:
    today = timezone.localdate(now)
    noted = 0
    while True:
        ids = list(
            Inspection.objects.reinspections_due(today)
            .order_by("reinspect_by", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        for pk in ids:
            noted += _note(pk, now, today)
    return f"职工之家复查提醒 {noted} 条"


@transaction.atomic
def _note(pk: int, now: datetime, today) -> int:
    claimed = Inspection.objects.reinspections_due(today).filter(pk=pk).update(reinspect_noted_at=now)
    if not claimed:
        return 0
    inspection = Inspection.objects.select_related("org").get(pk=pk)
    late = inspection.reinspect_by < today
    text = (
        f"{inspection.unit_name}限期整改的复查日期"
        f"{'已过' if late else '已到'}（{inspection.reinspect_by:%Y-%m-%d}），请安排复查。"
    )
    record_event(inspection, None, EventKind.REINSPECT_DUE, text[:200])
    remind(
        users=unit_staff(inspection.org),
        kind=ReminderKind.OVERDUE if late else ReminderKind.DUE_SOON,
        text=text,
        record=inspection,
        key=f"homes:{inspection.pk}:{inspection.reinspect_by:%Y%m%d}",
    )
    return 1
