"""Workers' home inspections (职工之家建设): the checklist an inspection is scored against (versioned by year), the
inspections (验收) with their scores and results, re-inspections of a unit given a deadline to put things right
(限期整改), and the honours homes receive (模范职工之家, 职工小家).

Counting (docs/figures.md, "Workers' homes"): a unit's *first* inspection (验收, ``reinspection_of`` empty) counts
once, in the period of its ``inspected_on``; its ``status`` (最终结果) is the result of the last inspection of its chain, so
that a unit that passes on re-inspection counts as passed, once, and never as a second inspected unit.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from xinfang.ledgerkit.models import LedgerEvent, LedgerRecord
from xinfang.orgs.models import Employer, Org
from xinfang.orgs.scoping import OrgScoped, OwnedQuerySet

if TYPE_CHECKING:
    from xinfang.accounts.models import User


class Result(models.TextChoices):
    PASSED = "passed", "合格"
    FAILED = "failed", "不合格"
    RECTIFY = "rectify", "限期整改"


class HonourLevel(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"


class HonourKind(models.TextChoices):
    HOME = "home", "模范职工之家"
    SMALL_HOME = "small_home", "模范职工小家"


# ---------------------------------------------------------------------------------------------------------------
# The checklist (验收标准): data an administrator edits, one version a year.


class Checklist(models.Model):
    """The scoring checklist of one year. Once an inspection has been scored against it, its items are frozen
    (``ChecklistItem.save`` and ``delete`` refuse): next year's list is a new checklist, and past inspections keep
    the version they were scored against."""

    year = models.PositiveSmallIntegerField(
        "年度", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField("名称", max_length=100)
    # The total a home needs to pass (合格); empty: the inspectors judge without a threshold.
    pass_score = models.DecimalField(
        "合格分数线",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "职工之家验收标准"
        verbose_name_plural = "职工之家验收标准"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.title}"

    def in_use(self) -> bool:
        return self.pk is not None and Inspection.objects.filter(checklist_id=self.pk).exists()

    def max_total(self):
        return sum((i.max_score for i in self.items.all()), start=0)


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, verbose_name="验收标准", on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField("序号", validators=[MinValueValidator(1)])
    title = models.CharField("验收项目", max_length=200)
    max_score = models.DecimalField(
        "满分", max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = "验收项目"
        verbose_name_plural = "验收项目"
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="homes_item_number_once"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="homes_item_max_score_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}（{self.max_score}分）"

    def _refuse_if_frozen(self) -> None:
        checklist_id: int | None = self.checklist_id
        if self.pk is not None:  # an item moved to another list freezes with its old list too
            checklist_id = (
                ChecklistItem.objects.filter(pk=self.pk).values_list("checklist_id", flat=True).first()
            )
        if checklist_id and Inspection.objects.filter(checklist_id=checklist_id).exists():
            raise ValidationError(
                "该年度验收标准已用于验收评分，不能再修改其项目；请新建下一年度的验收标准。"
            )

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# Inspections (验收).


class InspectionQuerySet(OwnedQuerySet):
    """Scope rule for inspections (``visible_to``): recorded by the user's organisation or one below it."""

    def first_inspections(self) -> InspectionQuerySet:
        """验收: the first inspection of each chain, the ones the figures count (re-inspections are not)."""
        return self.filter(reinspection_of__isnull=True)

    def reinspections_due(self, on: date) -> InspectionQuerySet:
        """First inspections still waiting for their re-inspection whose date has come, not yet noted by tick."""
        return self.filter(
            reinspection_of__isnull=True,
            status=Result.RECTIFY,
            reinspect_by__lte=on,
            reinspect_noted_at__isnull=True,
        )


class Inspection(LedgerRecord):
    """One inspection (验收) of a workers' home: a grassroots union and/or an employer, scored item by item
    against the checklist of its year. A re-inspection (复查) is an inspection of its own whose
    ``reinspection_of`` is the chain's first inspection; the first inspection's ``status`` follows the last one.
    Its domain date is ``inspected_on``."""

    org = models.ForeignKey(
        Org, verbose_name="验收组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    union = models.ForeignKey(
        Org,
        verbose_name="受检基层工会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A named reverse relation (not "+"), so that merging employers (orgs.actions.merge_employers, which walks
    # Employer's related objects) moves the inspections with the others.
    employer = models.ForeignKey(
        Employer,
        verbose_name="受检用人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_inspections",
    )
    # The unit as recorded (受检单位: given, or the union's or the employer's name), the natural key with the date;
    # the list and the exports show it without reading another table.
    unit_name = models.CharField("受检单位", max_length=100)
    inspected_on = models.DateField("验收日期")
    inspectors = models.CharField("验收人员", max_length=200)
    checklist = models.ForeignKey(
        Checklist, verbose_name="验收标准", on_delete=models.PROTECT, related_name="+"
    )
    total_score = models.DecimalField("总分", max_digits=6, decimal_places=1, default=0)
    # The scores as one text in the order of the checklist's numbers (``38、36、18``), written with them: what the
    # export, the import and the API read without a query per record. The scores themselves are ``Score`` rows.
    score_list = models.CharField("各项得分", max_length=1000, blank=True, editable=False)
    result = models.CharField("验收结果", max_length=10, choices=Result.choices)
    # For a first inspection: the result of the last inspection of its chain (its own, until re-inspected); the
    # status the workflow kit steps (限期整改 → 复查). For a re-inspection: its own result.
    status = models.CharField("最终结果", max_length=10, choices=Result.choices)
    reinspect_by = models.DateField("复查日期", null=True, blank=True)
    reinspect_noted_at = models.DateTimeField("复查提醒时间", null=True, blank=True, editable=False)
    reinspection_of = models.ForeignKey(
        "self",
        verbose_name="复查的验收",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinspections",
    )
    note = models.CharField("备注", max_length=500, blank=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "职工之家验收"
        verbose_name_plural = "职工之家验收"
        constraints = [
            models.CheckConstraint(
                condition=Q(union__isnull=False) | Q(employer__isnull=False),
                name="homes_inspection_has_unit",
                violation_error_message="请选择受检基层工会或受检用人单位。",
            ),
            models.CheckConstraint(
                condition=~Q(status=Result.RECTIFY) | Q(reinspect_by__isnull=False),
                name="homes_rectify_has_date",
                violation_error_message="限期整改须填写复查日期。",
            ),
            models.CheckConstraint(condition=Q(total_score__gte=0), name="homes_total_score_gte_0"),
        ]
        indexes = [
            models.Index(fields=["org_level1", "inspected_on", "id"], name="homes_scope1"),
            models.Index(fields=["org_level2", "inspected_on", "id"], name="homes_scope2"),
            models.Index(fields=["org_level3", "inspected_on", "id"], name="homes_scope3"),
            models.Index(fields=["org_level4", "inspected_on", "id"], name="homes_scope4"),
            models.Index(
                fields=["reinspect_by"],
                condition=Q(status="rectify", reinspection_of__isnull=True, reinspect_noted_at__isnull=True),
                name="homes_reinspect_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name[:28]} {self.inspected_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("homes:detail", args=[self.pk])

    @property
    def is_reinspection(self) -> bool:
        return self.reinspection_of_id is not None


def scores_text(scores) -> str:
    """Scores in the order of their items' numbers as one text: ``38、36、18`` (no trailing zeros)."""
    return "、".join(f"{score.normalize():f}" for score in scores)


class Score(models.Model):
    """One item's score in an inspection, against the item of the checklist the inspection was scored with."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(
        ChecklistItem, verbose_name="验收项目", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(
        "得分", max_digits=5, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = "验收得分"
        verbose_name_plural = "验收得分"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="homes_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="homes_score_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class EventKind(models.TextChoices):
    CREATED = "created", "登记"
    UPDATED = "updated", "修改"
    IMPORTED = "imported", "导入"
    REINSPECTED = "reinspected", "复查"
    REINSPECT_DUE = "reinspect_due", "复查日期已到"


class InspectionEvent(LedgerEvent):
    """One entry of an inspection's history (the kit's 登记 / 修改 / 导入, and 复查, 复查日期已到); only ever added."""

    what = "验收记录"

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)

    class Meta(LedgerEvent.Meta):
        verbose_name = "验收记录"
        verbose_name_plural = "验收记录"
        indexes = [models.Index(fields=["inspection", "at"], name="homes_event_timeline")]


# ---------------------------------------------------------------------------------------------------------------
# Honours (模范职工之家, 职工小家).


class HonourQuerySet(OwnedQuerySet):
    """Scope rule for honours (``visible_to``): recorded by the user's organisation or one below it."""

    def matching(
        self, user: User, *, year: int | None = None, level: str = "", kind: str = ""
    ) -> HonourQuerySet:
        qs = self
        if year:
            qs = qs.filter(year=year)
        if level:
            qs = qs.filter(level=level)
        if kind:
            qs = qs.filter(kind=kind)
        return qs


class Honour(OrgScoped):
    """A home honoured as 全国 / 省级 / 市级 模范职工之家 or 模范职工小家 (a workshop or team: ``unit_name``), by the
    awarding body in a year."""

    org = models.ForeignKey(
        Org, verbose_name="登记组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    union = models.ForeignKey(
        Org, verbose_name="基层工会", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="用人单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_honours",
    )
    unit_name = models.CharField("获评单位", max_length=100)
    kind = models.CharField("称号类别", max_length=12, choices=HonourKind.choices)
    level = models.CharField("级别", max_length=12, choices=HonourLevel.choices)
    awarded_by = models.CharField("授予机关", max_length=100)
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = "职工之家荣誉"
        verbose_name_plural = "职工之家荣誉"
        constraints = [
            models.UniqueConstraint(fields=["unit_name", "kind", "level", "year"], name="homes_honour_once"),
        ]
        indexes = [
            models.Index(fields=["org_level1", "registered_at", "id"], name="homes_honour_scope1"),
            models.Index(fields=["org_level2", "registered_at", "id"], name="homes_honour_scope2"),
            models.Index(fields=["org_level3", "registered_at", "id"], name="homes_honour_scope3"),
            models.Index(fields=["org_level4", "registered_at", "id"], name="homes_honour_scope4"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_level_display()}{self.get_kind_display()} {self.unit_name}"
