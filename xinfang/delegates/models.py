"""Delegate apportionment (代表名额分配): a congress's N delegates shared among its delegations in proportion to
their members by the largest-remainder method (``lib/apportionment.py``), saved with its inputs (the delegations
and their members, N, the minimum) and its result, so that the printed table can be produced again as decided."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from xinfang.orgs.models import Org
from xinfang.orgs.scoping import OrgScoped, OwnedQuerySet

TIE_RULE = (
    "余数相同而剩余名额不足以各分一名时，会员人数多的代表团优先；会员人数也相同的，按代表团列出的先后顺序。"
)
METHOD = (
    "先给每个代表团保底名额；其余名额按会员人数比例计算各代表团的份额（精确到分数），各取整数部分；"
    "尚未分配的名额按余数从大到小每团一名。"
)


class Apportionment(OrgScoped):
    """One apportionment as decided: the congress, N, the minimum per delegation, and its delegations."""

    org = models.ForeignKey(
        Org, verbose_name="登记组织", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    congress = models.CharField("会议名称", max_length=100)
    seats = models.PositiveIntegerField(
        "代表名额总数", validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    minimum = models.PositiveIntegerField("每团保底名额", default=0, validators=[MaxValueValidator(1000)])
    decided_on = models.DateField("分配日期")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "代表名额分配"
        verbose_name_plural = "代表名额分配"
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="delegates_seats_gte_1")]
        indexes = [
            models.Index(fields=["org_level1", "registered_at", "id"], name="delegates_scope1"),
            models.Index(fields=["org_level2", "registered_at", "id"], name="delegates_scope2"),
            models.Index(fields=["org_level3", "registered_at", "id"], name="delegates_scope3"),
            models.Index(fields=["org_level4", "registered_at", "id"], name="delegates_scope4"),
        ]

    def __str__(self) -> str:
        return f"{self.congress}（{self.seats}名）"

    def get_absolute_url(self) -> str:
        return reverse("delegates:detail", args=[self.pk])


class Delegation(models.Model):
    """A delegation as given (its place in the list is the tie rule's last criterion) and what it got."""

    apportionment = models.ForeignKey(Apportionment, on_delete=models.CASCADE, related_name="delegations")
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("代表团", max_length=100)
    members = models.PositiveIntegerField("会员人数", validators=[MinValueValidator(1)])
    # The quota of the seats shared in proportion, exact: numerator / denominator.
    quota_numerator = models.PositiveBigIntegerField("份额分子")
    quota_denominator = models.PositiveBigIntegerField("份额分母")
    seats = models.PositiveIntegerField("分配名额")
    by_tie_rule = models.BooleanField("按同余数规则", default=False)

    class Meta:
        verbose_name = "代表团"
        verbose_name_plural = "代表团"
        ordering = ["apportionment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["apportionment", "position"], name="delegates_position_once"),
            models.UniqueConstraint(fields=["apportionment", "name"], name="delegates_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.seats}名）"

    @property
    def quota(self) -> Fraction:
        return Fraction(self.quota_numerator, self.quota_denominator)
