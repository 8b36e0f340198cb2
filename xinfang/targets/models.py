"""Yearly targets (任务数) the federation sets for each working committee, one per figure.

A target names its figure by key (``"unions.founded"``: the figure's ledger and key in the figures registry), so
this core app names no ledger: a ledger that registers a figure can carry a target (docs/figures.md). Completion is
the figure's value over the committee's records in the year, against the target (``xinfang.targets.completion``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.models import Org

MAX_TARGET = 10_000_000


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> TargetQuerySet:
        """Scope rule for targets: those of the user's organisation and the organisations below it, and those the
        user's organisation set (a federation sees what it gave every committee)."""
        org = user.org if user.is_authenticated else None
        if org is None:
            return self.none()
        return self.filter(Q(org__in=Org.objects.subtree(org).values("pk")))


class Target(models.Model):
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    org = models.ForeignKey(
        Org, verbose_name="承担单位", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    figure = models.CharField("指标", max_length=60, help_text="统计数字的键，如 unions.founded")
    value = models.PositiveIntegerField("任务数", validators=[MaxValueValidator(MAX_TARGET)])
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下达人", null=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )  # fmt: skip
    set_at = models.DateTimeField("下达时间", default=timezone.now)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "年度任务数"
        verbose_name_plural = "年度任务数"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "org", "figure"],
                name="target_one_per_year_org_figure",
                violation_error_message="该单位该年度的这项任务数已下达。",
            ),
        ]
        indexes = [models.Index(fields=["year", "figure"], name="target_year_figure")]

    def __str__(self) -> str:
        return f"{self.year} {self.org_id} {self.figure} {self.value}"
