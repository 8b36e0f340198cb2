"""What every kit ledger's record and history share: abstract models a ledger inherits (docs/architecture.md,
"Add a simple ledger")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xinfang.audit.models import AppendOnly
from xinfang.orgs.models import Org
from xinfang.orgs.scoping import OrgScoped


class LedgerRecord(OrgScoped):
    """A record of a kit ledger: owned by an organisation (``org``; a subclass may declare it again with its own
    Chinese name; the scope columns come from ``OrgScoped``), versioned for concurrent edits, with who entered it
    and when."""

    org = models.ForeignKey(
        Org, verbose_name="组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        abstract = True


def scope_indexes(prefix: str, date_field: str) -> list[models.Index]:
    """The indexes of the scope rule at each tree level, in list order: ``(org_level<d>, <date>, id)``."""
    return [
        models.Index(fields=[f"org_level{d}", date_field, "id"], name=f"{prefix}_scope{d}")
        for d in (1, 2, 3, 4)
    ]


class EventKind(models.TextChoices):
    CREATED = "created", "登记"
    UPDATED = "updated", "修改"
    IMPORTED = "imported", "导入"


class LedgerEvent(AppendOnly):
    """One entry of a kit record's history (the subclass declares its foreign key with ``related_name="events"``
    and an index on it and ``at``). Only ever added."""

    what = "台账记录事件"

    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
