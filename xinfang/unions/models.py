"""Grassroots unions (基层工会) and their members: the union-organising ledger (工会组建与会员发展).

A union here is its own record (``GrassrootsUnion``), not an ``Org`` of kind ``grassroots``: a district has
thousands of unions, and the organisation tree is for the bodies that work cases in this system (pickers, handling
units, transfer targets would all fill up with them). A union that also works cases as a handling unit links its
``Org`` (``unit``, one to one). The record is owned by the working committee (or the federation) it reports to
(``org``), which gives its scope. See docs/ledgers.md, "Unions and members".

Domain dates: a union founded counts by ``founded_on``; a union transferred in (改制企业工会组织关系转入) by
``transferred_on``; a member batch by ``on``. Never by ``registered_at`` (when it was typed in).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from xinfang.audit.models import AppendOnly
from xinfang.orgs.models import Employer, Org
from xinfang.orgs.scoping import OrgScoped, OwnedQuerySet, owned_q

MAX_COUNT = 10_000_000  # a bound on head counts (no union in a district has more members)


class UnionKind(models.TextChoices):
    SINGLE = "single", "单独基层工会"
    JOINT = "joint", "联合基层工会"
    REGIONAL = "regional", "区域性工会联合会"
    INDUSTRY = "industry", "行业性工会联合会"


class Origin(models.TextChoices):
    FOUNDED = "founded", "新建"
    TRANSFERRED_IN = "transferred_in", "组织关系转入"


class UnionStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    MERGED = "merged", "已合并"
    DISSOLVED = "dissolved", "已撤销"


class UnionQuerySet(OwnedQuerySet):
    """Scope rule for unions (``visible_to``, inherited): owned by the user's organisation or below it."""

    def for_list(self) -> UnionQuerySet:
        return self.select_related("org").only(
            "id", "name", "kind", "origin", "status", "founded_on", "transferred_on", "chair", "workers",
            "members", "counted_on", "org__id", "org__name", "version",
        )  # fmt: skip

    def matching(self, *, q: str = "", kind: str = "", status: str = "", origin: str = "") -> UnionQuerySet:
        qs = self
        for name, value in (("kind", kind), ("status", status), ("origin", origin)):
            if value:
                qs = qs.filter(**{name: value})
        if q.strip():
            qs = qs.filter(Q(name__contains=q.strip()) | Q(chair=q.strip()))
        return qs


class GrassrootsUnion(OrgScoped):
    org = models.ForeignKey(
        Org, verbose_name="所属工委会", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.OneToOneField(
        Org,
        verbose_name="对应组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grassroots_union",
        help_text="该基层工会也作为承办单位在本系统办理信访件时，对应组织机构中的基层工会。",
    )
    name = models.CharField("工会名称", max_length=100)
    kind = models.CharField("工会类型", max_length=10, choices=UnionKind.choices)
    origin = models.CharField("来源", max_length=16, choices=Origin.choices, default=Origin.FOUNDED)
    founded_on = models.DateField("建会日期")
    # 第十二条: founding is approved by the next higher union.
    approved_by = models.ForeignKey(
        Org, verbose_name="批准机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_ref = models.CharField("批复文号", max_length=50, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    # 改制企业工会组织关系转入: a union handed over by another body; counted apart from unions founded.
    transferred_on = models.DateField("转入日期", null=True, blank=True)
    transferred_from = models.CharField("转出单位", max_length=100, blank=True)
    chair = models.CharField("工会主席", max_length=50, blank=True)
    workers = models.PositiveIntegerField("职工人数", default=0, validators=[MaxValueValidator(MAX_COUNT)])
    members = models.PositiveIntegerField("会员人数", default=0, validators=[MaxValueValidator(MAX_COUNT)])
    counted_on = models.DateField("人数统计日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=UnionStatus.choices, default=UnionStatus.ACTIVE)
    ended_on = models.DateField("合并/撤销日期", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入工会", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )  # fmt: skip
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = UnionQuerySet.as_manager()

    class Meta:
        verbose_name = "基层工会"
        verbose_name_plural = "基层工会"
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="union_name_unique", violation_error_message="已有同名的基层工会。"
            ),
            models.CheckConstraint(
                condition=Q(members__lte=F("workers")) | Q(workers=0),
                name="union_members_lte_workers",
                violation_error_message="会员人数不能多于职工人数。",
            ),
            models.CheckConstraint(
                condition=Q(origin="founded", transferred_on__isnull=True)
                | Q(origin="transferred_in", transferred_on__isnull=False),
                name="union_transfer_date_iff_transferred",
                violation_error_message="组织关系转入的工会须填写转入日期，新建的工会不填。",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="union_end_date_iff_ended",
                violation_error_message="已合并或已撤销的工会须有合并/撤销日期。",
            ),
        ]
        indexes = [
            models.Index(fields=["org_level1", "founded_on", "id"], name="union_scope1"),
            models.Index(fields=["org_level2", "founded_on", "id"], name="union_scope2"),
            models.Index(fields=["org_level3", "founded_on", "id"], name="union_scope3"),
            models.Index(fields=["org_level4", "founded_on", "id"], name="union_scope4"),
            models.Index(fields=["transferred_on"], name="union_transferred_on"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == UnionStatus.ACTIVE


class Coverage(models.Model):
    """An employer covered by a union, from ``start_on`` to ``end_on`` (None: still covered). An employer is covered
    by at most one union at a time: the database holds one open coverage per employer (a partial unique index), and
    the action refuses a period overlapping an earlier one. ``members`` and ``workers`` are the employer's own
    counts at ``counted_on``: they tell which employers covered by a joint or regional union have reached the 25
    members of 第十一条 and must set up their own committee."""

    union = models.ForeignKey(
        GrassrootsUnion, verbose_name="基层工会", on_delete=models.PROTECT, related_name="coverages"
    )
    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="union_coverages"
    )
    start_on = models.DateField("覆盖起始日期")
    end_on = models.DateField("覆盖终止日期", null=True, blank=True)
    workers = models.PositiveIntegerField(
        "本单位职工人数", null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    members = models.PositiveIntegerField(
        "本单位会员人数", null=True, blank=True, validators=[MaxValueValidator(MAX_COUNT)]
    )
    counted_on = models.DateField("人数统计日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "覆盖单位"
        verbose_name_plural = "覆盖单位"
        constraints = [
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(end_on__isnull=True),
                name="coverage_one_open_per_employer",
                violation_error_message="该用人单位已由另一个基层工会覆盖，同一时间只能由一个基层工会覆盖。",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="coverage_end_after_start",
                violation_error_message="覆盖终止日期不能早于起始日期。",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["employer", "start_on"], name="coverage_employer"),
            models.Index(fields=["union", "end_on"], name="coverage_union"),
        ]

    def __str__(self) -> str:
        return f"{self.union_id} → {self.employer_id}"


class BatchKind(models.TextChoices):
    ENROLMENT = "enrolment", "发展会员"
    TRANSFER_OUT = "transfer_out", "会员转出"


class MemberBatchQuerySet(OwnedQuerySet):
    """Scope rule for member batches: those of the unions the user sees (the batch carries its union's owner)."""

    def matching(
        self,
        *,
        org: Org | None = None,
        union: str = "",
        kind: str = "",
        on_from: date | None = None,
        on_to: date | None = None,
    ) -> MemberBatchQuerySet:
        """The list's filters: owned by ``org`` or below it, of a union whose name contains ``union``, of a kind,
        dated within [on_from, on_to]."""
        qs = self
        if org is not None:
            qs = qs.filter(owned_q(org))
        if union.strip():
            qs = qs.filter(union__name__contains=union.strip())
        if kind:
            qs = qs.filter(kind=kind)
        if on_from is not None:
            qs = qs.filter(on__gte=on_from)
        if on_to is not None:
            qs = qs.filter(on__lte=on_to)
        return qs

    def for_list(self) -> MemberBatchQuerySet:
        return self.select_related("union", "org").only(
            "id", "kind", "on", "count", "migrant_workers", "women", "destination", "union__id", "union__name",
            "org__id", "org__name",
        )  # fmt: skip

    def totals(self) -> dict:
        """Batches, members and, of them, migrant workers and women, by kind (one query)."""
        sums: dict = {}
        for kind in BatchKind:
            of_kind = Q(kind=kind)
            sums |= {
                f"{kind}_batches": Count("pk", filter=of_kind),
                f"{kind}_count": Coalesce(Sum("count", filter=of_kind), 0),
                f"{kind}_migrant_workers": Coalesce(Sum("migrant_workers", filter=of_kind), 0),
                f"{kind}_women": Coalesce(Sum("women", filter=of_kind), 0),
            }
        return self.aggregate(**sums)


class MemberBatch(OrgScoped):
    """Members enrolled in (or transferred out of) a union on one day, as one count: the ledger keeps numbers,
    not a roll of names. Of them, migrant workers (农民工) and women, each at most the count."""

    union = models.ForeignKey(
        GrassrootsUnion,
        verbose_name="基层工会",
        on_delete=models.PROTECT,
        related_name="batches",
        db_index=False,
    )
    org = models.ForeignKey(
        Org, verbose_name="所属工委会", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField("类别", max_length=12, choices=BatchKind.choices, default=BatchKind.ENROLMENT)
    on = models.DateField("日期")
    count = models.PositiveIntegerField(
        "人数", validators=[MinValueValidator(1), MaxValueValidator(MAX_COUNT)]
    )
    migrant_workers = models.PositiveIntegerField(
        "其中农民工", default=0, validators=[MaxValueValidator(MAX_COUNT)]
    )
    women = models.PositiveIntegerField("其中女职工", default=0, validators=[MaxValueValidator(MAX_COUNT)])
    destination = models.CharField("转往单位", max_length=100, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = MemberBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "会员发展批次"
        verbose_name_plural = "会员发展批次"
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="batch_count_gte_1", violation_error_message="人数至少为1。"),
            models.CheckConstraint(
                condition=Q(migrant_workers__lte=F("count")),
                name="batch_migrant_lte_count",
                violation_error_message="其中农民工人数不能多于人数。",
            ),
            models.CheckConstraint(
                condition=Q(women__lte=F("count")),
                name="batch_women_lte_count",
                violation_error_message="其中女职工人数不能多于人数。",
            ),
            models.UniqueConstraint(
                fields=["union", "kind", "on"], name="batch_one_per_union_day",
                violation_error_message="该工会当天已登记同类批次。",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["org_level1", "on", "id"], name="batch_scope1"),
            models.Index(fields=["org_level2", "on", "id"], name="batch_scope2"),
            models.Index(fields=["org_level3", "on", "id"], name="batch_scope3"),
            models.Index(fields=["org_level4", "on", "id"], name="batch_scope4"),
        ]

    def __str__(self) -> str:
        return f"{self.union_id} {self.on} {self.count}"


class EventKind(models.TextChoices):
    FOUNDED = "founded", "登记建会"
    TRANSFERRED_IN = "transferred_in", "组织关系转入"
    EDITED = "edited", "修改信息"
    COUNTED = "counted", "更新人数"
    COVERED = "covered", "新增覆盖单位"
    UNCOVERED = "uncovered", "终止覆盖"
    ENROLLED = "enrolled", "发展会员"
    TRANSFERRED_OUT = "transferred_out", "会员转出"
    MERGED = "merged", "合并"
    DISSOLVED = "dissolved", "撤销"


class UnionEvent(AppendOnly):
    """One entry of a union's history. Only ever added."""

    what = "基层工会事件"

    union = models.ForeignKey(GrassrootsUnion, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "基层工会事件"
        verbose_name_plural = "基层工会事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["union", "at"], name="union_event_timeline")]

    def __str__(self) -> str:
        return f"{self.union_id} {self.get_kind_display()}"
