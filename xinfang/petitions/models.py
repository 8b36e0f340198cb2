"""Petitions (信访事项): registration, the people on them, the category dictionary and the event history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from xinfang.orgs.models import MAX_SCOPE_DEPTH, Org, ancestor_ids

if TYPE_CHECKING:
    from xinfang.accounts.models import User


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    LETTER = "letter", "来信"
    PHONE = "phone", "来电"
    HOTLINE = "hotline", "12351热线"
    ONLINE = "online", "网上信访"
    FAX = "fax", "传真"


class Source(models.TextChoices):
    DIRECT = "direct", "直接受理"
    TRANSFERRED = "transferred", "信访部门转送"
    ASSIGNED_DOWN = "assigned_down", "上级交办"


class Kind(models.TextChoices):
    CLAIM = "claim", "申诉求决类"
    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"


class Status(models.TextChoices):
    REGISTERED = "registered", "待受理"
    ACCEPTED = "accepted", "已受理"
    REJECTED = "rejected", "不予受理"
    TRANSFERRED_OUT = "transferred_out", "已转送"
    REFERRED = "referred", "已告知另行提出"
    DIVERTED = "diverted", "已导入法定程序"
    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    CONCLUDED = "concluded", "已办结"
    RATED = "rated", "已评价"
    IN_REVIEW = "in_review", "复查中"
    IN_RE_REVIEW = "in_re_review", "复核中"
    TERMINATED = "terminated", "已终结"


class IntakeDecision(models.TextChoices):
    """The written answer to "will it be handled, and how" (信访工作条例 第二十三条)."""

    ACCEPT = "accept", "受理"
    REJECT = "reject", "不予受理"
    TRANSFER_OUT = "transfer_out", "转送"
    REFER = "refer", "告知另行提出"
    DIVERT = "divert", "导入法定程序"


class RejectReason(models.TextChoices):
    ALREADY_HANDLED = "already_handled", "已受理或正在办理，又向上级机关提出（第十九条第三款）"
    RE_REVIEWED = "re_reviewed", "经复核后以同一事实和理由再次提出（第三十六条）"
    OUTSIDE_REMIT = "outside_remit", "不属于工会职责范围"
    OTHER = "other", "其他"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "支持"
    PARTLY_UPHELD = "partly_upheld", "部分支持"
    EXPLAINED = "explained", "解释说明"
    NOT_UPHELD = "not_upheld", "不予支持"


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", "当面送达"
    POST = "post", "邮寄"
    ONLINE = "online", "网上答复"
    PHONE = "phone", "电话告知并寄送"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class RatingMethod(models.TextChoices):
    PHONE = "phone", "电话回访"
    SMS = "sms", "短信"
    IN_PERSON = "in_person", "当面"
    ONLINE = "online", "网上评价"


class PetitionerRole(models.TextChoices):
    MAIN = "main", "主信访人"
    REPRESENTATIVE = "representative", "代表"
    CO = "co", "共同信访人"


class Category(models.Model):
    """诉求类别: a two-level dictionary. Petitions take a second-level category."""

    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "诉求类别"
        verbose_name_plural = "诉求类别"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="category_name_unique_under_parent",
                violation_error_message="同一上级类别下已有同名类别。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent is not None else self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.parent is not None and self.parent.parent_id:
            raise ValidationError({"parent": "诉求类别最多两级，请选择第一级类别作为上级。"})


class PetitionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> PetitionQuerySet:
        """Scope rule for petitions: those owned by the user's organisation or any organisation below it."""
        org = user.org if user.is_authenticated else None
        return self.none() if org is None else self.within(org)

    def within(self, org: Org) -> PetitionQuerySet:
        """Petitions owned by ``org`` or below it: an ordered index seek on the scope column of its level."""
        if org.depth <= MAX_SCOPE_DEPTH:
            return self.filter(**{f"org_level{org.depth}": org.pk})
        return self.filter(org__in=Org.objects.subtree(org).values("pk"))

    def matching(
        self,
        user: User,
        *,
        q: str = "",
        received_from: date | None = None,
        received_to: date | None = None,
        channel: str = "",
        kind: str = "",
        status: str = "",
        category: int | None = None,
        org: int | None = None,
        employer: int | None = None,
        urgent: bool = False,
        collective: bool = False,
        due: str = "",
    ) -> PetitionQuerySet:
        """The list filters, shared by the page, the API and exports. Apply after ``visible_to``."""
        qs = self
        tz = timezone.get_current_timezone()
        if received_from:
            qs = qs.filter(received_at__gte=datetime.combine(received_from, time.min, tz))
        if received_to:
            qs = qs.filter(received_at__lt=datetime.combine(received_to + timedelta(days=1), time.min, tz))
        for name, value in (("channel", channel), ("kind", kind), ("status", status)):
            if value:
                qs = qs.filter(**{name: value})
        if category:
            qs = qs.filter(Q(category_id=category) | Q(category__parent_id=category))
        if org:
            chosen = Org.objects.visible_to(user).filter(pk=org).first()
            qs = qs.within(chosen) if chosen else qs.none()
        if employer:
            qs = qs.filter(employer_id=employer)
        if urgent:
            qs = qs.filter(is_urgent=True)
        if collective:
            qs = qs.filter(is_collective=True)
        if due in ("soon", "overdue"):
            from xinfang.policies.models import policy

            today = timezone.localdate()
            limit = (
                {"due_on__lt": today}
                if due == "overdue"
                else {"due_on__lte": today + timedelta(days=policy("due_soon_days"))}
            )
            running = Clock.objects.filter(petition=OuterRef("pk"), stopped_at__isnull=True, **limit)
            qs = qs.filter(Exists(running))
        text = q.strip()
        if text:
            # Names are searched only where the user may see them, so a hit never betrays a confidential case.
            qs = qs.filter(
                Q(number__contains=text)
                | (Q(petitioner_names__contains=text) & identity_visible_q(user))
                | Q(employer__name__contains=text)
            )
        return qs

    def for_list(self) -> PetitionQuerySet:
        """Only the short columns a list shows; never the long texts."""
        return self.select_related("category", "employer", "org").only(
            "number",
            "received_at",
            "channel",
            "kind",
            "status",
            "people_count",
            "is_collective",
            "is_urgent",
            "is_confidential",
            "supervised_at",
            "petitioner_names",
            "registered_by_id",
            "org_id",
            "org__name",
            "org__short_name",
            "category__name",
            "employer__name",
        )


def identity_visible_q(user: User) -> Q:
    """The SQL twin of ``Petition.identity_visible_to``."""
    from xinfang.accounts.models import Role

    if user.is_federation_leader:
        return Q()
    q = Q(is_confidential=False) | Q(registered_by_id=user.pk)
    if user.role in (Role.HANDLER, Role.APPROVER):
        q |= Q(org_id=user.org_id)
    return q


class Petition(models.Model):
    federation = models.ForeignKey(Org, verbose_name="区总工会", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("年度序号")
    number = models.CharField("信访编号", max_length=30, unique=True)

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField("收到时间")
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.DIRECT)
    source_org = models.ForeignKey(
        Org, verbose_name="转送/交办机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_ref = models.CharField("转送/交办文号", max_length=50, blank=True)

    kind = models.CharField("信访类型", max_length=12, choices=Kind.choices)
    category = models.ForeignKey(
        Category, verbose_name="诉求类别", on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        "orgs.Employer",
        verbose_name="被反映单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
        db_index=False,
    )
    people_count = models.PositiveIntegerField("人数", default=1, validators=[MinValueValidator(1)])
    is_collective = models.BooleanField("集体访", default=False)
    petitioner_names = models.CharField("信访人", max_length=200, blank=True)

    request = models.TextField("信访请求")
    facts = models.TextField("事实")
    reasons = models.TextField("理由")
    amount = models.DecimalField(
        "涉及金额（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_urgent = models.BooleanField("紧急重大", default=False)
    is_confidential = models.BooleanField("保密", default=False)

    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED)
    org = models.ForeignKey(
        Org, verbose_name="责任组织", on_delete=models.PROTECT, related_name="petitions", db_index=False
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
    intake_decision = models.CharField("受理决定", max_length=16, choices=IntakeDecision.choices, blank=True)
    intake_decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    intake_reason_code = models.CharField(
        "不予受理理由", max_length=20, choices=RejectReason.choices, blank=True
    )
    intake_reason = models.CharField("决定说明", max_length=500, blank=True)
    outcome = models.CharField("处理意见", max_length=16, choices=Outcome.choices, blank=True)
    decision_text = models.TextField("处理意见书正文", blank=True)
    legal_basis = models.CharField("法律政策依据", max_length=500, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    delivery = models.CharField("送达方式", max_length=12, choices=Delivery.choices, blank=True)
    amount_recovered = models.DecimalField(
        "追回金额（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办结人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervised_at = models.DateTimeField("督办时间", null=True, blank=True)
    supervised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervision_note = models.CharField("督办意见", max_length=500, blank=True)
    supervision_due_on = models.DateField("督办要求完成日期", null=True, blank=True)
    rating = models.CharField("满意度评价", max_length=20, choices=Rating.choices, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    rating_method = models.CharField("评价方式", max_length=12, choices=RatingMethod.choices, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回访人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to = models.ForeignKey(
        Org, verbose_name="转送机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The owning organisation and its ancestors by tree level, read off its path: the scope rule is then one
    # ordered index seek at any level. Kept in step by save() and by Org moves (refresh_org_levels).
    org_level1 = models.BigIntegerField(null=True, editable=False)
    org_level2 = models.BigIntegerField(null=True, editable=False)
    org_level3 = models.BigIntegerField(null=True, editable=False)
    org_level4 = models.BigIntegerField(null=True, editable=False)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = "信访件"
        verbose_name_plural = "信访件"
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "year", "seq"],
                name="petition_number_unique",
                violation_error_message="该年度信访编号已被使用。",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="petition_amount_gte_0",
                violation_error_message="涉及金额不能为负数。",
            ),
            models.CheckConstraint(
                condition=Q(people_count__gte=1),
                name="petition_people_count_gte_1",
                violation_error_message="人数至少为1。",
            ),
        ]
        indexes = [
            models.Index(fields=["org_level1", "received_at", "id"], name="petition_scope1"),
            models.Index(fields=["org_level2", "received_at", "id"], name="petition_scope2"),
            models.Index(fields=["org_level3", "received_at", "id"], name="petition_scope3"),
            models.Index(fields=["org_level4", "received_at", "id"], name="petition_scope4"),
            models.Index(fields=["employer", "received_at"], name="petition_employer_received"),
            models.Index(fields=["status", "received_at"], name="petition_status_received"),
            models.Index(fields=["registered_by", "registered_at"], name="petition_registrar"),
            # The urgent queue on every home page: urgent matters are few, so a partial index keeps it short.
            models.Index(fields=["received_at"], condition=Q(is_urgent=True), name="petition_urgent"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.set_org_levels()
        super().save(*args, **kwargs)

    def set_org_levels(self) -> None:
        levels = ancestor_ids(self.org.path)[:MAX_SCOPE_DEPTH]
        for depth in range(1, MAX_SCOPE_DEPTH + 1):
            setattr(self, f"org_level{depth}", levels[depth - 1] if depth <= len(levels) else None)

    def identity_visible_to(self, user: User) -> bool:
        """Whether the user may see who the petitioners are. A confidential case (检举控告类 by default) shows
        its petitioners only to whoever registered it, its handlers and the federation's leaders."""
        from xinfang.accounts.models import Role

        if not self.is_confidential:
            return True
        if user.pk == self.registered_by_id:
            return True
        if user.role in (Role.HANDLER, Role.APPROVER) and user.org_id == self.org_id:
            return True
        return user.is_federation_leader

    def display_names_for(self, user: User) -> str:
        return self.petitioner_names if self.identity_visible_to(user) else "（保密）"


def refresh_org_levels(sender, orgs: list[Org], **kwargs) -> None:
    """Recompute the scope columns of the petitions of organisations that moved in the tree."""
    for org in orgs:
        levels: list[int | None] = [*ancestor_ids(org.path)[:MAX_SCOPE_DEPTH]]
        levels += [None] * (MAX_SCOPE_DEPTH - len(levels))
        Petition.objects.filter(org=org).update(**{f"org_level{i + 1}": v for i, v in enumerate(levels)})


class Petitioner(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="petitioners")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="petitions_as_party")
    role = models.CharField(
        "身份", max_length=16, choices=PetitionerRole.choices, default=PetitionerRole.MAIN
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "person"],
                name="petitioner_unique",
                violation_error_message="同一人不能在一件信访中重复登记。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PetitionCounter(models.Model):
    """The last petition number used per federation and year. Incremented inside the registration transaction,
    so numbers are gap-free and two registrars saving at once never get the same one."""

    federation = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["federation", "year"], name="petition_counter_unique")]

    def __str__(self) -> str:
        return f"{self.federation_id}/{self.year}: {self.last_seq}"


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    CORRECTED = "corrected", "更正登记信息"
    CLOCK_STARTED = "clock_started", "期限开始计算"
    INTAKE_DECIDED = "intake_decided", "受理决定"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_DECIDED = "extension_decided", "延期审批"
    CONCLUDED = "concluded", "办结"
    RATED = "rated", "满意度评价"
    SUPERVISED = "supervised", "督办"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "超期"


class PetitionEvent(models.Model):
    """One entry of a petition's history. Events are only ever added, never changed or deleted."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "信访事件"
        verbose_name_plural = "信访事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["petition", "at"], name="petition_event_timeline")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("信访事件不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("信访事件不可删除。")


class ClockKind(models.TextChoices):
    INTAKE = "intake", "受理告知期限"
    HANDLING = "handling", "办理期限"
    RATING = "rating", "满意度评价期限"


class ClockQuerySet(models.QuerySet):
    def running(self) -> ClockQuerySet:
        return self.filter(stopped_at__isnull=True)


class Clock(models.Model):
    """A statutory time limit on a petition. Its due date is computed and stored when it starts; any later
    recomputation (pause, extension, calendar change) is recorded as an event."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="clocks")
    kind = models.CharField("期限", max_length=12, choices=ClockKind.choices)
    started_on = models.DateField("起算事件日期")
    days = models.PositiveSmallIntegerField("天数")
    unit = models.CharField("单位", max_length=10, default="calendar")
    due_on = models.DateField("期满日")
    stopped_at = models.DateTimeField("完成时间", null=True, blank=True)
    stopped_late = models.BooleanField("逾期完成", null=True)
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
                condition=Q(stopped_at__isnull=True),
                name="clock_one_running_per_kind",
                violation_error_message="该信访件已有同类期限在计算中。",
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(stopped_at__isnull=True), name="clock_running_due")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on}"

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days


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
