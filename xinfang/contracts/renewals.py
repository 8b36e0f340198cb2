"""tick: the renewal reminder (集体合同规定 第三十八条: either side may ask to renew within the last 3 months before
expiry). Once per contract, never per run: each contract is claimed by a conditional UPDATE on
``renewal_noted_at`` in its own transaction, so two runs at once remind once."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib.cnformat import cn_date
from xinfang.lib.workflow import record_event

from .models import Contract, EventKind, Status


def note_renewals(now: datetime) -> str:
    today = timezone.localdate(now)
    due = (
        Contract.objects.filter(
            status=Status.EFFECTIVE,
            renewal_noted_at__isnull=True,
            renewal_opens_on__lte=today,
            ends_on__gte=today,
            renewal__isnull=True,
        )
        .select_related("org")
        .order_by("renewal_opens_on", "pk")
    )
    noted = 0
    staff: dict[int, list] = {}
    for contract in due.iterator(chunk_size=500):
        with transaction.atomic():
            if not Contract.objects.filter(pk=contract.pk, renewal_noted_at__isnull=True).update(
                renewal_noted_at=now
            ):
                continue
            left = (contract.ends_on - today).days
            text = (
                f"{contract.type_label}将于{cn_date(contract.ends_on)}期满（剩{left}日），"
                "双方可在期满前3个月内提出续订要求"
            )
            record_event(contract, None, EventKind.RENEWAL_DUE, text, ends_on=contract.ends_on.isoformat())
            if contract.org_id not in staff:
                staff[contract.org_id] = unit_staff(contract.org)
            remind(
                users=staff[contract.org_id],
                kind=ReminderKind.DUE_SOON,
                text=f"{contract} {text}",
                record=contract,
                key=f"contracts.contract:{contract.pk}:renewal:{contract.ends_on:%Y%m%d}",
            )
            noted += 1
    return f"集体合同临近期满提醒续订 {noted} 份"
