"""Statutory clocks on a petition and the extension of the handling period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.clocks.models import AbstractClock, ClockQuerySet, watched_clock_indexes

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

__all__ = ["REQUEST_WINDOWS", "Clock", "ClockKind", "ClockQuerySet", "Extension"]


class Clock(AbstractClock):
    """A statutory time limit on a petition (the columns, queries and functions are the core's: ``clocks``). Its due
    date is computed and stored when it starts; any later recomputation (pause, extension, calendar change) is
    recorded as an event."""

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

    class Meta(AbstractClock.Meta):
        verbose_name = "期限"
        verbose_name_plural = "期限"
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
            models.Index(fields=["due_on"], condition=Q(stopped_at__isnull=True), name="clock_running_due"),
            *watched_clock_indexes("clock"),
        ]


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
