"""Review (复查) and re-review (复核) of a decision, received from below or sent above."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.models import Org

from .choices import ReviewDirection, ReviewLevel, ReviewResult
from .petition import Petition


class Review(models.Model):
    """A request for review or re-review and its decision. ``body`` is the organisation that reviews: a union
    above the one that decided (the federation reviews its subordinate unions' decisions), or an upper federation
    to which a review of the federation's own decision was sent (its decision is recorded when it comes back)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField("类别", max_length=10, choices=ReviewLevel.choices)
    body = models.ForeignKey(Org, verbose_name="复查（复核）机关", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField("办理方式", max_length=10, choices=ReviewDirection.choices)
    requested_on = models.DateField("申请日期")
    received_on = models.DateField("收到申请日期")
    is_late = models.BooleanField("超过申请期限", default=False)
    request_text = models.TextField("申请事项和理由")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    result = models.CharField("复查（复核）结果", max_length=16, choices=ReviewResult.choices, blank=True)
    decision_text = models.TextField("复查（复核）意见", blank=True)
    decided_on = models.DateField("答复日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "复查复核"
        verbose_name_plural = "复查复核"
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "level"],
                name="review_once_per_level",
                violation_error_message="该信访件已登记过同级复查（复核）申请。",
            ),
            models.CheckConstraint(
                condition=Q(received_on__gte=models.F("requested_on")),
                name="review_received_after_requested",
                violation_error_message="收到申请日期不能早于申请日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.petition_id}"
