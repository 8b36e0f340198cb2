"""Workers' congresses held (职代会): enterprise, regional and industry congresses, a ledger on the kit."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from xinfang.ledgerkit.models import LedgerEvent, LedgerRecord, scope_indexes
from xinfang.orgs.models import Employer
from xinfang.orgs.scoping import OwnedQuerySet


class Level(models.TextChoices):
    ENTERPRISE = "enterprise", "企业职代会"
    REGIONAL = "regional", "区域性职代会"
    INDUSTRY = "industry", "行业性职代会"


class Congress(LedgerRecord):
    """A session of a workers' congress. Scope: the recording organisation's subtree (``visible_to``). Its domain
    date is ``held_on``: statistics count congresses by it."""

    held_on = models.DateField("召开日期")
    level = models.CharField("类型", max_length=12, choices=Level.choices)
    union_name = models.CharField("召开工会", max_length=100)
    employers = models.ManyToManyField(Employer, verbose_name="覆盖用人单位", blank=True, related_name="+")
    employer_count = models.PositiveIntegerField("覆盖企业数", default=1)
    representatives = models.PositiveIntegerField("代表总数", validators=[MinValueValidator(1)])
    present = models.PositiveIntegerField("实到代表")
    term = models.PositiveSmallIntegerField("届次", validators=[MinValueValidator(1)])
    term_start = models.DateField("本届起始")
    term_end = models.DateField("本届届满")
    agenda = models.TextField("审议通过事项", max_length=2000, blank=True)  # one item a line

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职代会"
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("representatives")),
                name="congress_present_lte_total",
                violation_error_message="实到代表不能多于代表总数。",
            ),
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="congress_term_ordered",
                violation_error_message="本届届满日期不能早于起始日期。",
            ),
            models.UniqueConstraint(
                fields=["union_name", "held_on"],
                name="congress_natural_key",
                violation_error_message="该工会在该日期召开的职代会已登记。",
            ),
        ]
        indexes = scope_indexes("congress", "held_on")

    def __str__(self) -> str:
        return f"{self.union_name} 第{self.term}届 {self.held_on:%Y-%m-%d}"


class CongressEvent(LedgerEvent):
    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="events")

    class Meta(LedgerEvent.Meta):
        indexes = [models.Index(fields=["congress", "at"], name="congress_event_timeline")]
