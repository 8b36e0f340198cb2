"""Labour-dispute mediation (劳动争议调解, 《劳动争议调解仲裁法》): the register of cases, their workers,
sessions, agreement, performance and follow-ups, with their history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from xinfang.audit.models import AppendOnly
from xinfang.clocks.models import AbstractClock, watched_clock_indexes
from xinfang.documents.storage import private_storage
from xinfang.lib.masking import mask_id_number, mask_phone
from xinfang.orgs.models import Org
from xinfang.orgs.scoping import OrgScoped, OwnedQuerySet, owned_q
from xinfang.policies.models import policy

if TYPE_CHECKING:
    from xinfang.accounts.models import User


class Body(models.TextChoices):
    FEDERATION = "federation", "区总工会劳动争议调解委员会"
    COMMITTEE = "committee", "街道（系统）工会劳动争议调解委员会"
    ENTERPRISE = "enterprise", "企业劳动争议调解委员会"


class ApplicationForm(models.TextChoices):
    WRITTEN = "written", "书面申请"
    ORAL = "oral", "口头申请（当场记录）"


class DisputeType(models.TextChoices):
    """The six kinds of labour dispute of 《劳动争议调解仲裁法》第二条."""

    RELATIONSHIP = "relationship", "确认劳动关系"
    CONTRACT = "contract", "订立、履行、变更、解除和终止劳动合同"
    DISMISSAL = "dismissal", "除名、辞退和辞职、离职"
    CONDITIONS = "conditions", "工作时间、休息休假、社会保险、福利、培训以及劳动保护"
    PAY = "pay", "劳动报酬、工伤医疗费、经济补偿或者赔偿金"
    OTHER = "other", "法律、法规规定的其他劳动争议"


class Status(models.TextChoices):
    RECEIVED = "received", "待受理"
    MEDIATING = "mediating", "调解中"
    SETTLED = "settled", "调解成功"
    NOT_SETTLED = "not_settled", "调解不成"
    WITHDRAWN = "withdrawn", "撤回申请"
    NOT_ACCEPTED = "not_accepted", "不予受理"


OPEN = (Status.RECEIVED, Status.MEDIATING)
RESULTS = (Status.SETTLED, Status.NOT_SETTLED, Status.WITHDRAWN, Status.NOT_ACCEPTED)


class Performance(models.TextChoices):
    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


class FollowUpKind(models.TextChoices):
    ARBITRATION = "arbitration", "申请劳动仲裁"
    PAYMENT_ORDER = "payment_order", "申请支付令"
    JUDICIAL_CONFIRMATION = "judicial_confirmation", "申请司法确认"
    ARBITRATION_REVIEW = "arbitration_review", "仲裁审查"


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    ACCEPTED = "accepted", "受理"
    SESSION = "session", "调解"
    CONCLUDED = "concluded", "调解结果"
    PERFORMANCE = "performance", "履行情况"
    FOLLOW_UP = "follow_up", "后续程序"
    LAPSED = "lapsed", "调解期限届满"
    PERFORMANCE_OVERDUE = "performance_overdue", "履行期限届满"
    DUE_SOON = "due_soon", "临期"
    CLOCK_RECOMPUTED = "clock_recomputed", "期限重新计算"
    DOCUMENT_GENERATED = "document_generated", "生成文书"
    WORKERS = "workers", "申请人名单"


# A mediator's work queues: the home page's panels and the list's filter.
QUEUES: dict[str, str] = {
    "to_accept": "待受理的调解申请",
    "deadline": "调解中、15日期限将满或已满",
    "performance_overdue": "协议履行期限已过未履行",
}


class MediationQuerySet(OwnedQuerySet):
    """Scope rule for mediations (``visible_to``): owned by the user's organisation or any organisation below
    it, the same rule as petitions' ownership."""

    def matching(
        self,
        user: User,
        *,
        q: str = "",
        received_from: date | None = None,
        received_to: date | None = None,
        status: str = "",
        dispute_type: str = "",
        body: str = "",
        org: int | None = None,
        employer: int | None = None,
        lapsed: bool = False,
        queue: str = "",
    ) -> MediationQuerySet:
        """The list filters, shared by the page, the API and the export. Apply after ``visible_to``."""
        qs = self
        if received_from:
            qs = qs.filter(received_on__gte=received_from)
        if received_to:
            qs = qs.filter(received_on__lte=received_to)
        for name, value in (("status", status), ("dispute_type", dispute_type), ("body", body)):
            if value:
                qs = qs.filter(**{name: value})
        if org:
            chosen = Org.objects.visible_to(user).filter(pk=org).first()
            qs = qs.filter(owned_q(chosen)) if chosen else qs.none()
        if employer:
            qs = qs.filter(employer_id=employer)
        if lapsed:
            qs = qs.filter(lapsed_on__isnull=False)
        if queue:
            qs = qs.in_queue(queue, timezone.localdate())
        text = q.strip()
        if text:
            qs = qs.filter(
                Q(number__contains=text) | Q(worker_names__contains=text) | Q(employer__name__contains=text)
            )
        return qs

    def in_queue(self, queue: str, today: date) -> MediationQuerySet:
        """A work queue (``QUEUES``) by its name; an unknown name is no filter."""
        if queue == "to_accept":
            return self.filter(status=Status.RECEIVED)
        if queue == "deadline":  # the 15-day period ends within the warning days, or has ended
            soon = today + timedelta(days=policy("due_soon_days"))
            return self.filter(status=Status.MEDIATING, settle_by__lte=soon)
        if queue == "performance_overdue":
            return self.filter(status=Status.SETTLED, performance_due_on__lt=today).exclude(
                performance=Performance.PERFORMED
            )
        return self

    def for_list(self) -> MediationQuerySet:
        """Only the short columns a list shows; never the long texts."""
        return self.select_related("employer", "org").only(
            "number",
            "received_on",
            "body",
            "dispute_type",
            "status",
            "people_count",
            "worker_names",
            "amount_claimed",
            "amount_agreed",
            "amount_recovered",
            "settle_by",
            "lapsed_on",
            "petition_id",
            "org_id",
            "org__name",
            "employer__name",
        )


class Mediation(OrgScoped):
    """A labour-dispute mediation case (劳动争议调解案件), from the application to the agreement's performance.

    Its dates are domain dates, each given with its step and checked by it: ``received_on`` (the application),
    ``accepted_on``, ``result_on`` (the result of the mediation), ``performance_due_on`` (agreed), ``performed_on``
    (the performance as recorded), and a session's ``held_on``, a follow-up's ``on``. Statistics count by them,
    never by the moment a step was recorded (``registered_at``, an event's ``at``): steps entered afterwards and
    demo histories carry the day they were typed in, not the day the matter happened."""

    federation = models.ForeignKey(Org, verbose_name="区总工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("案件编号", max_length=30, unique=True)
    org = models.ForeignKey(
        Org, verbose_name="责任组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    body = models.CharField("调解组织", max_length=12, choices=Body.choices)
    body_name = models.CharField("调解组织名称", max_length=100, blank=True)
    application_form = models.CharField("申请方式", max_length=8, choices=ApplicationForm.choices)
    received_on = models.DateField("收到申请日期")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    employer = models.ForeignKey(
        "orgs.Employer", verbose_name="用人单位", on_delete=models.PROTECT, related_name="mediations"
    )
    dispute_type = models.CharField("争议类型", max_length=14, choices=DisputeType.choices)
    claims = models.TextField("申请调解事项和理由")
    people_count = models.PositiveIntegerField("涉及人数", default=1, validators=[MinValueValidator(1)])
    worker_names = models.CharField("申请人", max_length=200, blank=True)
    amount_claimed = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    mediators = models.CharField("调解员", max_length=100, blank=True)
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.RECEIVED)
    result_on = models.DateField("调解结果日期", null=True, blank=True)
    result_note = models.TextField("结果说明", blank=True)
    agreement_terms = models.TextField("协议内容", blank=True)
    amount_agreed = models.DecimalField(
        "协议金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    performance_due_on = models.DateField("履行期限", null=True, blank=True)
    performance_manner = models.CharField("履行方式", max_length=200, blank=True)
    performance = models.CharField("履行情况", max_length=14, choices=Performance.choices, blank=True)
    # The day the performance recorded in ``performance`` was found (履行情况日期), given with the step: the date
    # the amount recovered is reported by.
    performed_on = models.DateField("履行情况日期", null=True, blank=True)
    amount_recovered = models.DecimalField(
        "实际追回金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    archive_number = models.CharField("归档号", max_length=40, blank=True)
    # The 15-day period (第十四条) is the case's ``settle`` clock (MediationClock); settle_by is its due date, kept
    # here for the list, its filter and its index, and moved with the clock (a holiday change) in the same
    # transaction. tick records the lapse once, on the clock, and sets lapsed_on.
    settle_by = models.DateField("调解期限")
    lapsed_on = models.DateField("期限届满记录日期", null=True, blank=True)
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name="导入自信访件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mediation",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1)

    objects = MediationQuerySet.as_manager()

    class Meta:
        verbose_name = "劳动争议调解案件"
        verbose_name_plural = "劳动争议调解案件"
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "seq"],
                name="mediation_number_unique",
                violation_error_message="该年度调解案件编号已被使用。",
            ),
            models.CheckConstraint(
                condition=(Q(amount_claimed__isnull=True) | Q(amount_claimed__gte=0))
                & (Q(amount_agreed__isnull=True) | Q(amount_agreed__gte=0))
                & (Q(amount_recovered__isnull=True) | Q(amount_recovered__gte=0)),
                name="mediation_amounts_gte_0",
                violation_error_message="金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1),
                name="mediation_people_count_gte_1",
                violation_error_message="涉及人数至少为1。",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True) | Q(accepted_on__gte=F("received_on")),
                name="mediation_accepted_after_received",
                violation_error_message="受理日期不能早于收到申请日期。",
            ),
            models.CheckConstraint(
                condition=Q(result_on__isnull=True) | Q(result_on__gte=F("received_on")),
                name="mediation_result_after_received",
                violation_error_message="调解结果日期不能早于收到申请日期。",
            ),
            models.CheckConstraint(
                condition=Q(performed_on__isnull=True) | Q(performed_on__gte=F("result_on")),
                name="mediation_performed_after_result",
                violation_error_message="履行情况日期不能早于调解结果日期。",
            ),
        ]
        indexes = [
            models.Index(fields=["org_level1", "received_on", "id"], name="mediation_scope1"),
            models.Index(fields=["org_level2", "received_on", "id"], name="mediation_scope2"),
            models.Index(fields=["org_level3", "received_on", "id"], name="mediation_scope3"),
            models.Index(fields=["org_level4", "received_on", "id"], name="mediation_scope4"),
            models.Index(fields=["employer", "received_on"], name="mediation_employer"),
            models.Index(
                fields=["settle_by"], condition=Q(lapsed_on__isnull=True), name="mediation_open_clock"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("mediations:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def may_apply_for_arbitration(self) -> bool:
        """第十四条: no agreement within 15 days of receipt, or mediation failed: the parties may go to arbitration."""
        return self.lapsed_on is not None or self.status == Status.NOT_SETTLED

    def days_left(self, today: date) -> int:
        return (self.settle_by - today).days


class MediationCounter(models.Model):
    """The last mediation number used per federation and year (incremented inside the registration transaction)."""

    federation = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["federation", "year"], name="mediation_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.federation_id}/{self.year}: {self.last_seq}"


class MediationWorker(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="workers")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="mediations_as_worker")
    is_representative = models.BooleanField("推举的代表", default=False)
    order = models.PositiveSmallIntegerField(default=0)
    # The identity as given on this case, shown on its pages, documents and API; the shared person (same ID
    # number) only links the records, and its stored data may come from a case of another scope.
    name = models.CharField("姓名", max_length=50, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    # This worker's share of the agreed amount, listed in the annex of the 调解协议书 (each worker may rely on
    # it for a payment order, 《劳动争议调解仲裁法》第十六条).
    amount_agreed = models.DecimalField(
        "协议金额（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = "申请人（劳动者）"
        verbose_name_plural = "申请人（劳动者）"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mediation", "person"],
                name="mediation_worker_unique",
                violation_error_message="同一劳动者不能在一个案件中重复登记。",
            ),
            models.CheckConstraint(
                condition=Q(amount_agreed__isnull=True) | Q(amount_agreed__gte=0),
                name="mediation_worker_amount_gte_0",
                violation_error_message="协议金额不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class MediationSession(models.Model):
    """One mediation session: when, where, who attended, the minutes."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField("调解日期")
    place = models.CharField("地点", max_length=100)
    attendees = models.CharField("参加人员", max_length=300)
    minutes = models.TextField("调解笔录")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "调解记录"
        verbose_name_plural = "调解记录"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.held_on}"


class MediationFollowUp(models.Model):
    """After mediation: arbitration applied, payment order, judicial confirmation, arbitration review."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="follow_ups")
    kind = models.CharField("后续程序", max_length=24, choices=FollowUpKind.choices)
    on = models.DateField("日期")
    note = models.CharField("说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "后续程序"
        verbose_name_plural = "后续程序"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class MediationEvent(AppendOnly):
    """One entry of a mediation's history. Only ever added. An event's ``at`` is when it was recorded, not when it
    happened: a step entered afterwards carries its own date in the case (``result_on``, ``performed_on`` …), and
    statistics count by that."""

    what = "调解案件事件"

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "调解案件事件"
        verbose_name_plural = "调解案件事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["mediation", "at"], name="mediation_event_timeline")]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.get_kind_display()}"


class ClockKind(models.TextChoices):
    SETTLE = "settle", "调解期限"  # 15 days from the day after receipt (第十四条), policy mediation_days
    PERFORMANCE = "performance", "协议履行期限"  # the date agreed in the settlement (a fixed date)


class MediationClock(AbstractClock):
    """A mediation's statutory time limits on the core's clock mechanism (``xinfang.clocks``): the 15-day period
    from registration to the result, and the agreed performance date from the settlement until performance is
    recorded."""

    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="clocks")
    kind = models.CharField("期限", max_length=20, choices=ClockKind.choices)

    class Meta(AbstractClock.Meta):
        verbose_name = "调解期限"
        verbose_name_plural = "调解期限"
        constraints = [
            models.UniqueConstraint(
                fields=["mediation", "kind"],
                condition=Q(stopped_at__isnull=True),
                name="mediation_clock_one_running",
                violation_error_message="该调解案件已有同类期限在计算中。",
            )
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(stopped_at__isnull=True), name="mediation_clock_running_due"
            ),
            *watched_clock_indexes("mediation_clock"),
        ]


class MediationDocument(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书", max_length=30)
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", storage=private_storage, upload_to="documents/%Y/%m/", max_length=200)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "调解文书"
        verbose_name_plural = "调解文书"
        ordering = ["generated_at", "id"]

    def __str__(self) -> str:
        return self.title
