"""Collective contracts (集体合同, 劳动合同法 第五十一至五十六条; 集体合同规定 2004): the register of contracts, their
negotiation sessions, the workers' congress vote that adopted them, the filing with the labour department and its
review, their term and renewal, with their history.

Its domain dates, each given with its step: ``signed_on`` (the chief representatives' signature; the figures count
by it), ``filed_on`` (the day the labour department received the text), ``objected_on`` (its objection),
``effective_on`` (the day after the 15-day review period without objection, set by ``tick``), the term
``starts_on``..``ends_on``, a session's ``held_on`` and the congress's ``voted_on``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone

from xinfang.clocks.models import AbstractClock, watched_clock_indexes
from xinfang.ledgerkit.models import LedgerEvent, LedgerRecord
from xinfang.lib import contractdates
from xinfang.orgs.models import Industry, Org
from xinfang.orgs.scoping import OwnedQuerySet

if TYPE_CHECKING:
    pass


class ContractType(models.TextChoices):
    """集体合同: 单个, 区域性, 行业性 (regional and industry ones at or below county level, 第五十三条)."""

    SINGLE = "single", "单个用人单位"
    REGIONAL = "regional", "区域性"
    INDUSTRY = "industry", "行业性"


class ContractKind(models.TextChoices):
    """综合性集体合同, or a 专项集体合同 on wages, women workers' rights, or labour safety and health (第五十二条)."""

    COMPREHENSIVE = "comprehensive", "综合性集体合同"
    WAGE = "wage", "工资专项集体合同"
    WOMEN = "women", "女职工权益保护专项集体合同"
    SAFETY = "safety", "劳动安全卫生专项集体合同"


class Status(models.TextChoices):
    SIGNED = "signed", "已签订待报送"
    FILED = "filed", "审查中"
    OBJECTED = "objected", "审查有异议"
    EFFECTIVE = "effective", "已生效"


class EventKind(models.TextChoices):
    CREATED = "created", "登记"  # the kit's three kinds first (ledgerkit.models.EventKind)
    UPDATED = "updated", "修改"
    IMPORTED = "imported", "导入"
    SESSION = "session", "协商"
    FILED = "filed", "报送审查"
    OBJECTED = "objected", "审查异议"
    EFFECTIVE = "effective", "生效"
    RENEWAL_DUE = "renewal_due", "续订提醒"
    RENEWED = "renewed", "续订"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "超期"
    CLOCK_RECOMPUTED = "clock_recomputed", "期限重新计算"


# The work queues: the home page's panels and the list's filter.
QUEUES: dict[str, str] = {
    "filing_due": "已签订、待报送劳动行政部门审查的集体合同",
    "in_review": "审查中的集体合同（15日内无异议即生效）",
    "expiring": "期满前3个月内、尚未续订的集体合同",
}


class ContractQuerySet(OwnedQuerySet):
    """Scope rule for collective contracts (``visible_to``): owned by the user's organisation (the union committee
    responsible for the contract) or any organisation below it, the same rule as mediations."""

    def in_queue(self, queue: str, today: date) -> ContractQuerySet:
        """A work queue (``QUEUES``) by its name; an unknown name is no filter."""
        if queue == "filing_due":
            return self.filter(status=Status.SIGNED)
        if queue == "in_review":
            return self.filter(status=Status.FILED)
        if queue == "expiring":
            return self.expiring(today)
        return self

    def expiring(self, today: date) -> ContractQuerySet:
        """Effective contracts in their renewal window (the last 3 months up to the last day), not yet renewed."""
        return self.filter(
            status=Status.EFFECTIVE,
            renewal_opens_on__lte=today,
            ends_on__gte=today,
            # Implied by the window (it opens at most RENEWAL_MONTHS months before the end), stated so that the
            # planner walks the few contracts ending soon on ``contract_expiry<d>`` instead of every one.
            ends_on__lte=today + timedelta(days=31 * (contractdates.RENEWAL_MONTHS + 1)),
        ).exclude(
            # not yet renewed, as an anti-join (``renewal__isnull`` is a left join the planner misjudges)
            Exists(Contract.objects.filter(predecessor=OuterRef("pk")))
        )

    def for_list(self) -> ContractQuerySet:
        """Only the short columns a list shows; never the long texts."""
        return self.select_related("org").only(
            "number",
            "contract_type",
            "kind",
            "status",
            "employer_side",
            "worker_side",
            "employers_covered",
            "sole_traders_covered",
            "workers_covered",
            "signed_on",
            "filing_due_on",
            "effective_on",
            "starts_on",
            "ends_on",
            "org_id",
            "org__name",
        )


class Contract(LedgerRecord):
    """A collective contract (集体合同) or special collective contract (专项集体合同), from its signature through
    filing and review to its term's end and its renewal."""

    federation = models.ForeignKey(Org, verbose_name="区总工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("合同编号", max_length=30, unique=True)
    org = models.ForeignKey(
        Org, verbose_name="责任组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    contract_type = models.CharField("合同类型", max_length=10, choices=ContractType.choices)
    kind = models.CharField("合同种类", max_length=14, choices=ContractKind.choices)
    industry = models.CharField("行业", max_length=1, choices=Industry.choices, blank=True)
    # The parties: the employer side (an employer, or an employers' organisation for a regional or industry
    # contract) and the workers' side (the union).
    employer_side = models.CharField("用人单位方", max_length=100)
    worker_side = models.CharField("职工方（工会）", max_length=100)
    employer_chief = models.CharField("用人单位方首席代表", max_length=50, blank=True)
    worker_chief = models.CharField("职工方首席代表", max_length=50, blank=True)
    employers_covered = models.PositiveIntegerField(
        "覆盖企业数", validators=[MinValueValidator(1)], help_text="含个体工商户"
    )
    sole_traders_covered = models.PositiveIntegerField("其中个体工商户数", default=0)
    workers_covered = models.PositiveIntegerField("覆盖职工人数", validators=[MinValueValidator(1)])
    # The workers' congress (or all workers' meeting) that adopted the draft (第五十一条; 集体合同规定 第三十六条):
    # its vote is kept here; the congress itself, when it is in the congress ledger, is linked.
    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name="通过草案的职代会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    voted_on = models.DateField("职代会审议日期")
    representatives_total = models.PositiveIntegerField("职工代表总数", validators=[MinValueValidator(1)])
    representatives_present = models.PositiveIntegerField("出席代表人数")
    votes_for = models.PositiveIntegerField("赞成票数")
    signed_on = models.DateField("签订日期")
    # The filing period (10 days) and the review period (15 days) are clocks (ContractClock); their due dates are
    # kept here for the list and its filters, moved with the clock by a holiday change.
    filing_due_on = models.DateField("报送期限")
    filed_on = models.DateField("报送日期", null=True, blank=True, help_text="劳动行政部门收到合同文本之日")
    review_ends_on = models.DateField("审查期限", null=True, blank=True)
    objected_on = models.DateField("提出异议日期", null=True, blank=True)
    objection = models.CharField("审查意见", max_length=500, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    starts_on = models.DateField("期限起始日")
    ends_on = models.DateField("期限终止日")
    renewal_opens_on = models.DateField("可提出续订日期")  # contractdates.renewal_opens_on(ends_on)
    renewal_noted_at = models.DateTimeField(null=True, blank=True, editable=False)
    predecessor = models.OneToOneField(
        "self",
        verbose_name="续订自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal",
    )
    note = models.CharField("备注", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SIGNED)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "集体合同"
        verbose_name_plural = "集体合同"
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "seq"],
                name="contract_number_unique",
                violation_error_message="该年度集体合同编号已被使用。",
            ),
            models.UniqueConstraint(
                fields=["org", "signed_on", "kind", "employer_side"],
                name="contract_natural_key",
                violation_error_message="同一责任组织在同一签订日期已登记该用人单位方的同种集体合同。",
            ),
            models.CheckConstraint(
                condition=Q(employers_covered__gte=1) & Q(sole_traders_covered__lte=F("employers_covered")),
                name="contract_employers_covered",
                violation_error_message="覆盖企业数至少为1，其中个体工商户数不能大于覆盖企业数。",
            ),
            models.CheckConstraint(
                condition=Q(workers_covered__gte=1),
                name="contract_workers_covered_gte_1",
                violation_error_message="覆盖职工人数至少为1。",
            ),
            models.CheckConstraint(
                # 第五十一条: at least two thirds of all representatives present, more than half voting for.
                condition=Q(
                    Q(representatives_present__lte=F("representatives_total")),
                    Q(votes_for__lte=F("representatives_present")),
                    GreaterThanOrEqual(F("representatives_present") * 3, F("representatives_total") * 2),
                    GreaterThan(F("votes_for") * 2, F("representatives_total")),
                ),
                name="contract_congress_vote",
                violation_error_message="职代会表决不符合法定人数和票数要求。",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="contract_term",
                violation_error_message="期限终止日应晚于起始日。",
            ),
            models.CheckConstraint(
                condition=Q(filed_on__isnull=True) | Q(filed_on__gte=F("signed_on")),
                name="contract_filed_after_signed",
                violation_error_message="报送日期不能早于签订日期。",
            ),
        ]
        indexes = [
            models.Index(fields=["org_level1", "signed_on", "id"], name="contract_scope1"),
            models.Index(fields=["org_level2", "signed_on", "id"], name="contract_scope2"),
            models.Index(fields=["org_level3", "signed_on", "id"], name="contract_scope3"),
            models.Index(fields=["org_level4", "signed_on", "id"], name="contract_scope4"),
            models.Index(
                fields=["renewal_opens_on"],
                condition=Q(renewal_noted_at__isnull=True, status="effective"),
                name="contract_renewal_due",
            ),
            # The home page's queues (queues.py), each walked in its date's order: the few contracts to file or
            # under review, and, per scope level, the effective ones by their end (the renewal window is the first
            # of them from today on). Without them a committee's queues read all its contracts (34 ms at 100,000).
            models.Index(
                fields=["filing_due_on", "id"], condition=Q(status="signed"), name="contract_filing_queue"
            ),
            models.Index(
                fields=["review_ends_on", "id"], condition=Q(status="filed"), name="contract_review_queue"
            ),
            *(
                models.Index(
                    fields=[f"org_level{d}", "ends_on", "id"],
                    condition=Q(status="effective"),
                    name=f"contract_expiry{d}",
                )
                for d in (1, 2, 3, 4)
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("contracts:detail", args=[self.pk])

    @property
    def type_label(self) -> str:
        return f"{self.get_contract_type_display()}{self.get_kind_display()}"

    def is_expired(self, today: date) -> bool:
        return self.ends_on < today

    def in_renewal_window(self, today: date) -> bool:
        return self.renewal_opens_on <= today <= self.ends_on


class ContractCounter(models.Model):
    """The last contract number used per federation and year (incremented inside the registration transaction)."""

    federation = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["federation", "year"], name="contract_counter_unique")]

    def __str__(self) -> str:
        return f"{self.federation_id}/{self.year}: {self.last_seq}"


class ContractEmployer(models.Model):
    """A registered employer (the employer registry) a contract covers: the one employer of a single contract, or
    those of a regional or industry contract that are on the register (``employers_covered`` may be larger: a
    regional contract covers small employers not registered one by one). A plain foreign key, not a
    many-to-many, so that merging duplicate employers (``orgs.actions.merge_employers``) moves it."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="employer_links")
    employer = models.ForeignKey("orgs.Employer", on_delete=models.PROTECT, related_name="contract_links")

    class Meta:
        verbose_name = "集体合同覆盖的用人单位"
        verbose_name_plural = "集体合同覆盖的用人单位"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "employer"],
                name="contract_employer_unique",
                violation_error_message="同一用人单位不能重复列入一份集体合同。",
            )
        ]
        indexes = [models.Index(fields=["employer", "contract"], name="contract_employer_page")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.employer_id}"


class ContractSession(models.Model):
    """One collective negotiation session (集体协商): when, where, what was discussed."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("协商日期")
    place = models.CharField("地点", max_length=100, blank=True)
    topics = models.CharField("协商内容", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "集体协商"
        verbose_name_plural = "集体协商"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.held_on}"


class ContractEvent(LedgerEvent):
    """One entry of a contract's history (the kit's 登记, 修改, 导入 and the contract's own steps). Only ever added;
    ``at`` is when it was recorded, the contract keeps the day each step happened."""

    what = "集体合同事件"

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)

    class Meta(LedgerEvent.Meta):
        verbose_name = "集体合同事件"
        verbose_name_plural = "集体合同事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["contract", "at"], name="contract_event_timeline")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.get_kind_display()}"


class ClockKind(models.TextChoices):
    FILING = "filing", "报送期限"  # 10 days from the day after signing (集体合同规定 第四十二条)
    REVIEW = "review", "审查期限"  # 15 days from the day after receipt (第四十七条): effective when it lapses


class ContractClock(AbstractClock):
    """A contract's statutory periods on the core's clock mechanism (``xinfang.clocks``): filing within 10 days
    of signing, and the labour department's 15-day review, after which the contract takes effect."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="clocks")
    kind = models.CharField("期限", max_length=20, choices=ClockKind.choices)

    class Meta(AbstractClock.Meta):
        verbose_name = "集体合同期限"
        verbose_name_plural = "集体合同期限"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind"],
                condition=Q(stopped_at__isnull=True),
                name="contract_clock_one_running",
                violation_error_message="该集体合同已有同类期限在计算中。",
            )
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(stopped_at__isnull=True), name="contract_clock_running_due"
            ),
            *watched_clock_indexes("contract_clock"),
        ]
