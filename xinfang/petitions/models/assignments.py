"""Assignments (交办): a petition handed to a handling unit, lead or assist, each with its own due date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.models import Org

from .choices import AssignmentRole, AssignmentStatus, ReturnReason
from .petition import Petition

if TYPE_CHECKING:
    pass

ACTIVE = (AssignmentStatus.PENDING, AssignmentStatus.TAKEN)


class AssignmentQuerySet(models.QuerySet):
    def active(self) -> AssignmentQuerySet:
        return self.filter(status__in=ACTIVE)

    def leading(self, org_id: int | None) -> AssignmentQuerySet:
        """The active lead assignments of one unit: its handlers are the case's handlers."""
        return self.filter(org_id=org_id, role=AssignmentRole.LEAD, status__in=ACTIVE)


class Assignment(models.Model):
    """One handling unit's share of a petition. The unit takes it (签收) or returns it (退回, with a reason code,
    counted); a returned assignment goes back to whoever dispatched it. The unit keeps read access afterwards."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="assignments")
    org = models.ForeignKey(
        Org, verbose_name="承办单位", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("承办方式", max_length=8, choices=AssignmentRole.choices)
    due_on = models.DateField("办理期限")
    instructions = models.CharField("交办意见", max_length=500, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="交办人", on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField("交办时间", default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    taken_at = models.DateTimeField("签收时间", null=True, blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=16, choices=ReturnReason.choices, blank=True)
    return_note = models.CharField("退回说明", max_length=500, blank=True)
    finished_at = models.DateTimeField("反馈时间", null=True, blank=True)
    report = models.TextField("办理结果", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="退回或反馈人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "交办"
        verbose_name_plural = "交办"
        ordering = ["assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "org"],
                condition=Q(status__in=ACTIVE),
                name="assignment_one_active_per_unit",
                violation_error_message="该单位已有未办结的交办。",
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(status__in=ACTIVE, role=AssignmentRole.LEAD),
                name="assignment_one_active_lead",
                violation_error_message="一件信访只能有一个主办单位。",
            ),
            models.CheckConstraint(
                condition=~Q(status=AssignmentStatus.RETURNED) | ~Q(return_reason=""),
                name="assignment_return_has_reason",
                violation_error_message="退回须选择退回原因。",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status"], name="assignment_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE
