"""Legal and policy consultations (法律政策咨询): a light record for the reception desk and the hotline."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.lib.limits import filter_day
from xinfang.orgs.models import Org
from xinfang.orgs.scoping import OrgScoped, OwnedQuerySet, owned_q

if TYPE_CHECKING:
    from xinfang.accounts.models import User


class Channel(models.TextChoices):
    VISIT = "visit", "来访"
    PHONE = "phone", "来电"
    HOTLINE = "hotline", "12351热线"
    ONLINE = "online", "网上"
    OUTREACH = "outreach", "普法活动现场"


class Topic(models.TextChoices):
    WAGES = "wages", "工资报酬"
    CONTRACT = "contract", "劳动合同"
    SOCIAL_INSURANCE = "social_insurance", "社会保险"
    WORK_INJURY = "work_injury", "工伤"
    DISMISSAL = "dismissal", "解除辞退与经济补偿"
    HOURS = "hours", "工时与休息休假"
    WOMEN = "women", "女职工权益"
    UNION = "union", "工会组建与会员权益"
    OTHER = "other", "其他"


class ConsultationQuerySet(OwnedQuerySet):
    """Scope rule for consultations (``visible_to``): recorded by the user's organisation or below it."""

    def matching(
        self,
        user: User,
        *,
        q: str = "",
        asked_from: date | None = None,
        asked_to: date | None = None,
        channel: str = "",
        topic: str = "",
        org: int | None = None,
    ) -> ConsultationQuerySet:
        qs = self
        tz = timezone.get_current_timezone()
        asked_from, asked_to = filter_day(asked_from), filter_day(asked_to)
        if asked_from:
            qs = qs.filter(asked_at__gte=datetime.combine(asked_from, time.min, tz))
        if asked_to:
            qs = qs.filter(asked_at__lt=datetime.combine(asked_to + timedelta(days=1), time.min, tz))
        for name, value in (("channel", channel), ("topic", topic)):
            if value:
                qs = qs.filter(**{name: value})
        if org:
            chosen = Org.objects.visible_to(user).filter(pk=org).first()
            qs = qs.filter(owned_q(chosen)) if chosen else qs.none()
        text = q.strip()
        if text:
            qs = qs.filter(Q(person_name__contains=text) | Q(question__contains=text))
        return qs


class Consultation(OrgScoped):
    """A consultation on law and policy (法律政策咨询), answered at the desk or on the hotline. Its domain date is
    ``asked_at``, given at entry: statistics count by it, never by ``registered_at`` (when it was typed in)."""

    org = models.ForeignKey(
        Org, verbose_name="接待组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    asked_at = models.DateTimeField("咨询时间")
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    people_count = models.PositiveIntegerField("人次", default=1, validators=[MinValueValidator(1)])
    person = models.ForeignKey(
        "people.Person",
        verbose_name="咨询人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField("咨询人姓名", max_length=50, blank=True)
    topic = models.CharField("咨询类别", max_length=20, choices=Topic.choices)
    question = models.CharField("咨询问题", max_length=500)
    answer = models.CharField("解答要点", max_length=1000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="解答人", on_delete=models.PROTECT, related_name="+"
    )
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name="转为信访件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation",
    )
    mediation = models.OneToOneField(
        "mediations.Mediation",
        verbose_name="转为调解案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "法律政策咨询"
        verbose_name_plural = "法律政策咨询"
        constraints = [
            models.CheckConstraint(
                condition=Q(people_count__gte=1),
                name="consultation_people_count_gte_1",
                violation_error_message="人次至少为1。",
            ),
        ]
        indexes = [
            models.Index(fields=["org_level1", "asked_at", "id"], name="consultation_scope1"),
            models.Index(fields=["org_level2", "asked_at", "id"], name="consultation_scope2"),
            models.Index(fields=["org_level3", "asked_at", "id"], name="consultation_scope3"),
            models.Index(fields=["org_level4", "asked_at", "id"], name="consultation_scope4"),
            models.Index(fields=["registered_by", "registered_at"], name="consultation_registrar"),
        ]

    def __str__(self) -> str:
        return f"{self.asked_at:%Y-%m-%d} {self.get_topic_display()}"
