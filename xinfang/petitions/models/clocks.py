"""Statutory clocks on a petition and the extension of the handling period."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .petition import Petition


class ClockKind(models.TextChoices):
    INTAKE = "intake", "受理告知期限"
    OBJECTION = "objection", "转送异议期限"
    HANDLING = "handling", "办理期限"
    ASSIGNMENT = "assignment", "交办办理期限"
    RATING = "rating", "满意度评价期限"
    REVIEW_REQUEST = "review_request", "复查申请期限"
    REVIEW = "review", "复查办理期限"
    RE_REVIEW_REQUEST = "re_review_request", "复核申请期限"
    RE_REVIEW = "re_review", "复核办理期限"


# Windows for the petitioner to ask for a review: when one lapses unused, the case terminates (tick).
REQUEST_WINDOWS = frozenset({ClockKind.REVIEW_REQUEST, ClockKind.RE_REVIEW_REQUEST})


class ClockQuerySet(models.QuerySet):
    def running(self) -> ClockQuerySet:
        return self.filter(stopped_at__isnull=True)


class Clock(models.Model):
    """A statutory time limit on a petition. Its due date is computed and stored when it starts; any later
    recomputation (pause, extension, calendar change) is recorded as an event."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="clocks")
    kind = models.CharField("期限", max_length=20, choices=ClockKind.choices)
    assignment = models.ForeignKey(
        "petitions.Assignment",
        verbose_name="交办",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clocks",
    )
    started_on = models.DateField("起算事件日期")
    days = models.PositiveSmallIntegerField("天数")
    unit = models.CharField("单位", max_length=10, default="calendar")
    due_on = models.DateField("期满日")
    stopped_at = models.DateTimeField("完成时间", null=True, blank=True)
    stopped_late = models.BooleanField("逾期完成", null=True)
    # A hearing pauses the clock (复查、复核: 听证时间不计入): paused_on is the day it began; paused_days is the
    # total of finished pauses, already added to due_on.
    paused_on = models.DateField("暂停日期", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField("已暂停天数", default=0)
    due_soon_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_noted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind"],
                condition=Q(stopped_at__isnull=True, assignment__isnull=True),
                name="clock_one_running_per_kind",
                violation_error_message="该信访件已有同类期限在计算中。",
            ),
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(stopped_at__isnull=True, assignment__isnull=False),
                name="clock_one_running_per_assignment",
                violation_error_message="该交办已有期限在计算中。",
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(stopped_at__isnull=True), name="clock_running_due")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None


class Extension(models.Model):
    """A request to extend the handling period (延期), decided by an approver. At most once, at most 30 days."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveSmallIntegerField("延长天数")
    reason = models.CharField("延期理由", max_length=500)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    approved = models.BooleanField("是否批准", null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(approved__isnull=True),
                name="extension_one_pending",
                violation_error_message="已有待审批的延期申请。",
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(approved=True),
                name="extension_at_most_once",
                violation_error_message="延期只能批准一次。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} +{self.days}"
