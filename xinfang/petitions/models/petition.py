"""Petitions (信访事项): registration, the people on them and the category dictionary."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from xinfang.lib.limits import filter_day
from xinfang.lib.readonce import read_once
from xinfang.orgs.models import Org, OrgKind
from xinfang.orgs.scoping import OrgScoped, owned_q

from .choices import (
    Channel,
    Delivery,
    IntakeDecision,
    Kind,
    Outcome,
    PetitionerRole,
    Rating,
    RatingMethod,
    RejectReason,
    Source,
    Status,
    TerminationReason,
)

if TYPE_CHECKING:
    from xinfang.accounts.models import User


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
        """Scope rule for petitions: those owned by the user's organisation or any organisation below it, and
        those ever assigned (交办) to the user's organisation or below it (read-only once handed back)."""
        org = user.org if user.is_authenticated else None
        if org is None:
            return self.none()
        if org.parent_id is None:
            return self.within(org)  # assignments never leave the owning federation's tree
        return self.filter(owned_q(org) | Q(pk__in=assigned_to_subtree(org)))

    def visible_parts(self, user: User) -> list[PetitionQuerySet]:
        """``visible_to`` as disjoint parts — owned, and assigned but not owned — so that a list can page each
        with an ordered index seek (``keyset.paginate_parts``) instead of one OR that defeats the index."""
        parts = visible_part_qs(user)
        return [self.filter(q) for q in parts] if parts else [self.none()]

    def within(self, org: Org) -> PetitionQuerySet:
        """Petitions owned by ``org`` or below it: an ordered index seek on the scope column of its level."""
        return self.filter(owned_q(org))

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
        queue: str = "",
    ) -> PetitionQuerySet:
        """The list filters, shared by the page, the API and exports. Apply after ``visible_to``."""
        qs = self
        tz = timezone.get_current_timezone()
        received_from, received_to = filter_day(received_from), filter_day(received_to)
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
            qs = qs.filter(pk__in=_running_clocks(due).values("petition_id"))
        if queue:
            qs = qs.in_queue(queue, user)
        text = q.strip()
        if text:
            # Names are searched only where the user may see them, so a hit never betrays a confidential case.
            qs = qs.filter(
                Q(number__contains=text)
                | (Q(petitioner_names__contains=text) & identity_visible_q(user))
                | Q(employer__name__contains=text)
            )
        return qs

    def in_queue(self, queue: str, user: User) -> PetitionQuerySet:
        """A work queue (QUEUES) by its name; an unknown name is no filter."""
        from .assignments import Assignment
        from .choices import AssignmentStatus

        if queue == "to_take":
            # Driven from the few pending assignments of the unit, not by probing every petition.
            pending = Assignment.objects.filter(org_id=user.org_id or 0, status=AssignmentStatus.PENDING)
            return self.filter(pk__in=pending.values("petition_id"))
        if queue in WAITING_QUEUES:
            return self.filter(pk__in=waiting_on(queue, user))
        if queue == "urgent":
            return self.filter(is_urgent=True, status__in=URGENT_OPEN)
        statuses = QUEUE_STATUSES.get(queue)
        if not statuses:
            return self
        if queue in RARE_QUEUES:
            # Open cases are few among all petitions: drive from the status index, not the newest-first scan.
            return self.filter(pk__in=Petition.objects.filter(status__in=statuses).values("pk"))
        return self.filter(status__in=statuses)

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


# Work queues by status (the "to take" queue is by assignment); labels are shown on the home page and filters.
QUEUE_STATUSES: dict[str, tuple[str, ...]] = {
    "to_decide": (Status.REGISTERED,),
    "in_handling": (Status.ACCEPTED, Status.ASSIGNED, Status.HANDLING),
    "awaiting_rating": (Status.CONCLUDED,),
    "in_review": (Status.IN_REVIEW, Status.REVIEWED, Status.IN_RE_REVIEW),
}
RARE_QUEUES = frozenset({"in_handling", "awaiting_rating", "in_review"})
# Urgent cases still being worked on: the leaders' 紧急重大 queue (a closed one is in the year's figures only).
URGENT_OPEN = (
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.HANDLING,
    Status.IN_REVIEW,
    Status.IN_RE_REVIEW,
)
# Cases waiting for one person's decision, each read from its few waiting rows (``waiting_on``).
WAITING_QUEUES = frozenset({"extension_pending", "returned", "to_review", "dissatisfied"})
QUEUES: dict[str, str] = {
    "to_decide": "待受理",
    "to_take": "待签收",
    "in_handling": "办理中",
    "awaiting_rating": "待评价",
    "in_review": "复查复核中",
    "extension_pending": "延期待审批",
    "returned": "被退回待重新交办",
    "to_review": "待本单位复查复核",
    "dissatisfied": "评价不满意",
    "urgent": "紧急重大（在办）",
}


def waiting_on(queue: str, user: User):
    """The ids of the petitions waiting in one of the ``WAITING_QUEUES`` (before the scope rule): an extension
    request to decide, a case a unit returned and nobody re-assigned, a review request to the user's organisation
    not yet decided, a 不满意 rating not yet answered (reopened, or taken to review)."""
    from .assignments import Assignment
    from .choices import AssignmentStatus
    from .clocks import Extension
    from .reviews import Review

    if queue == "extension_pending":
        pending = Extension.objects.filter(approved__isnull=True).values("petition_id")
        return Petition.objects.filter(pk__in=pending, status__in=QUEUE_STATUSES["in_handling"]).values("pk")
    if queue == "returned":
        returned = Assignment.objects.filter(status=AssignmentStatus.RETURNED).values("petition_id")
        return Petition.objects.filter(status=Status.ACCEPTED, pk__in=returned).values("pk")
    if queue == "to_review":
        return Review.objects.filter(body_id=user.org_id or 0, decided_on__isnull=True).values("petition_id")
    return Petition.objects.filter(status=Status.RATED, rating=Rating.DISSATISFIED).values("pk")


def visible_part_qs(user: User, prefix: str = "", *, read_assigned: bool = False) -> list[Q]:
    """The petition scope rule as disjoint conditions, for petitions or (with ``prefix``, e.g. "petition__")
    for records joined to them: owned by the user's organisation or below; assigned to it or below but not owned.
    Written as join conditions, so the database can walk another table's index and check the scope per row.
    ``read_assigned``: the assigned petitions read first (one query) and given as a list, for a page that uses the
    rule many times (the home page's queues): a short condition to compile, an index probe per petition, and no
    second part when nothing is assigned."""
    org = user.org if user.is_authenticated else None
    if org is None:
        return []
    owned = owned_q(org, prefix)
    if org.parent_id is None:
        return [owned]  # assignments never leave the owning federation's tree
    if read_assigned:
        ids = assigned_ids(org)
        return [owned, Q(**{f"{prefix}pk__in": ids}) & ~owned] if ids else [owned]
    return [owned, Q(**{f"{prefix}pk__in": assigned_to_subtree(org)}) & ~owned]


def assigned_ids(org: Org) -> list[int]:
    """The petitions assigned to ``org`` or below, read once on a page that keeps its reads (``reads_kept``: the
    home page asks for them for its petition queues and again for its deadline queues)."""
    return read_once(
        ("petitions.assigned_to_subtree", org.pk),
        lambda: list(assigned_to_subtree(org).values_list("petition_id", flat=True).order_by().distinct()),
    )


def assigned_to_subtree(org: Org):
    from .assignments import Assignment

    return Assignment.objects.filter(org__in=Org.objects.subtree(org).values("pk")).values("petition_id")


def _running_clocks(due: str):
    """Running clocks that are due soon (not yet overdue) or overdue: a short list on a partial index."""
    from .clocks import Clock

    return Clock.objects.due(due, timezone.localdate())


# Who sees a confidential petition's petitioners besides whoever registered it (abilities.py).
SEE_IDENTITY = "petitions.see_identity"  # handlers and approvers of the owner, or of the unit leading it


def sees_every_identity(user: User) -> bool:
    """The district federation's leaders see the petitioners of every confidential petition."""
    return (
        user.can("petitions.see_every_identity")
        and user.org is not None
        and user.org.kind == OrgKind.FEDERATION
    )


def show_names(petitions: list[Petition], user: User) -> None:
    """Set ``shown_names`` on each petition of a list: its petitioners' names, or （保密）. At most one query
    for the whole list (which confidential ones the user's unit leads), never one per row."""
    # Confidential rows whose answer depends on the user's unit leading their handling.
    open_question = {
        p.pk
        for p in petitions
        if p.is_confidential and p.registered_by_id != user.pk and p.org_id != user.org_id
    }
    leading: set[int] = set()
    every = sees_every_identity(user)
    if open_question and user.can(SEE_IDENTITY) and not every:
        from .assignments import Assignment

        leading = set(
            Assignment.objects.leading(user.org_id)
            .filter(petition_id__in=open_question)
            .values_list("petition_id", flat=True)
        )
    for p in petitions:
        visible = (every or p.pk in leading) if p.pk in open_question else p.identity_visible_to(user)
        p.shown_names = p.petitioner_names if visible else "（保密）"  # type: ignore[attr-defined]


def identity_visible_q(user: User) -> Q:
    """The SQL twin of ``Petition.identity_visible_to``."""
    if sees_every_identity(user):
        return Q()
    q = Q(is_confidential=False) | Q(registered_by_id=user.pk)
    if user.can(SEE_IDENTITY):
        from .assignments import Assignment

        q |= Q(org_id=user.org_id) | Q(
            Exists(Assignment.objects.leading(user.org_id).filter(petition=OuterRef("pk")))
        )
    return q


class Petition(OrgScoped):
    """A petition (信访件), from its registration to its conclusion, rating, review and termination.

    Its dates are domain dates, each given with its step and checked by it: ``received_at`` (when the matter
    reached the union), ``intake_decided_at`` (the day of the intake decision), ``replied_on``, ``rated_on``,
    ``terminated_on``, a review's ``requested_on``, ``received_on`` and ``decided_on``, an assignment's
    ``assigned_at`` and ``finished_at``, a handling note's ``happened_on``. Statistics count by them, never by the
    moment a step was recorded (``registered_at``, an event's ``at``): steps entered afterwards and demo histories
    carry the day they were typed in, not the day the matter happened (docs/figures.md)."""

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
    # Where the petitioner is told to go (信访工作条例 第二十三条): the competent body of a rejection as outside the
    # union's remit and of 告知另行提出; for 导入法定程序 the body that takes the matter up, if given.
    competent_body = models.CharField("有权处理的机关", max_length=100, blank=True)
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
    terminated_on = models.DateField("终结日期", null=True, blank=True)
    termination_reason = models.CharField(
        "终结原因", max_length=20, choices=TerminationReason.choices, blank=True
    )
    # 重复信访: an earlier petition by one of the same petitioners on the same matter (category and employer).
    repeat_of = models.ForeignKey(
        "self",
        verbose_name="重复信访（前件）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 不再受理 (第三十六条): the earlier petition was terminated after re-review, so the same facts and reasons
    # are not accepted again. A flag for the intake decision, never an automatic refusal.
    not_accepted_again = models.BooleanField("经复核终结，不再受理", default=False)

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
            # An import's natural key for a forwarded or assigned petition (转送/交办文号).
            models.Index(fields=["source_ref"], name="petition_source_ref"),
            # The urgent queue on every home page: urgent matters are few, so a partial index keeps it short.
            models.Index(fields=["received_at"], condition=Q(is_urgent=True), name="petition_urgent"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.pk])

    def identity_visible_to(self, user: User) -> bool:
        """Whether the user may see who the petitioners are. A confidential case (检举控告类 by default) shows
        its petitioners only to whoever registered it, its handlers (of the responsible organisation, or of the unit
        leading its handling now) and the federation's leaders."""
        if not self.is_confidential:
            return True
        if user.pk == self.registered_by_id:
            return True
        if sees_every_identity(user):
            return True
        return user.can(SEE_IDENTITY) and (
            user.org_id == self.org_id or self.assignments.leading(user.org_id).exists()
        )

    def display_names_for(self, user: User) -> str:
        return self.petitioner_names if self.identity_visible_to(user) else "（保密）"


class Petitioner(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="petitioners")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="petitions_as_party")
    role = models.CharField(
        "身份", max_length=16, choices=PetitionerRole.choices, default=PetitionerRole.MAIN
    )
    order = models.PositiveSmallIntegerField(default=0)
    # The identity as given at this registration. Pages, API answers, reveals and documents of the petition show
    # these, never the shared person's stored data (which may come from a case of another scope); the link to
    # the person (same ID number) serves only to detect repeats.
    name = models.CharField("姓名", max_length=50, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    gender = models.CharField("性别", max_length=1, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)

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
        # An import's natural key for a petitioner without an ID number (old paper registers): by the name.
        indexes = [models.Index(fields=["name"], name="petitioner_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def masked_id_number(self) -> str:
        from xinfang.lib.masking import mask_id_number

        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        from xinfang.lib.masking import mask_phone

        return mask_phone(self.phone)


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
