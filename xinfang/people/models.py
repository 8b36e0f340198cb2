"""The person registry: petitioners, workers and other parties, shared by every ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from xinfang.lib import idnumber
from xinfang.lib import phone as phones
from xinfang.lib.masking import mask_id_number, mask_phone
from xinfang.orgs.models import Org, path_upper_bound

from .scope import person_scope_parts

if TYPE_CHECKING:
    from xinfang.accounts.models import User


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
    UNKNOWN = "", "未知"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> PersonQuerySet:
        """Scope rule for persons. A person page shows the data stored when the person was first put on file,
        so it is visible to whoever may see where that data came from:

        - first registered by the user's organisation or below it, or a worker in a mediation case the user can
          see — unless the person came on file through a confidential petition whose petitioners the user may
          not see (a confidential accuser stays out of the register for everyone else);
        - or a party to a petition the user can see, with its petitioners, whose registration gave exactly the
          stored name, phone and address (nothing on the page is new to him).

        Registering someone by an ID number already on file therefore opens nothing: a petition keeps the identity
        as typed, and the stored person stays out of reach unless the typed data matches it. The ledgers state
        their parts ("a worker in a mediation case", "came on file through a confidential petition", "a party to
        a petition") as conditions registered in ``people/scope.py``. One SQL condition per row (no query per
        row)."""
        org = user.org if user.is_authenticated else None
        if org is None:
            return self.none()
        parts = person_scope_parts()
        rule = Q(org__path__gte=org.path, org__path__lt=path_upper_bound(org.path))
        for opens in [part.opens for part in parts if part.opens]:
            rule |= opens(user)
        for hides in [part.hides for part in parts if part.hides]:
            rule &= ~hides(user)
        for shows in [part.shows for part in parts if part.shows]:
            rule |= shows(user)
        return self.filter(rule)

    def search(self, text: str) -> PersonQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name=text) | Q(id_number=text.upper()) | Q(phone=text))


class Person(models.Model):
    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number = models.CharField(
        "身份证号", max_length=18, blank=True, validators=[idnumber.validate_id_number]
    )
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[phones.validate_phone])
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    employer = models.ForeignKey(
        "orgs.Employer",
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    org = models.ForeignKey(
        Org,
        verbose_name="登记组织",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="首次登记该人员的组织，用于确定可见范围。",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="person_id_number_unique",
                violation_error_message="已有人员使用该身份证号。",
            ),
        ]
        indexes = [models.Index(fields=["phone"], name="person_phone")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def normalize(self) -> None:
        """The numbers as stored, and the gender read off the ID number when none is given (``save`` does this;
        a bulk insert calls it first)."""
        self.id_number = idnumber.normalize(self.id_number)
        self.phone = phones.normalize(self.phone)
        if self.id_number and not self.gender and len(self.id_number) == 18 and self.id_number[16].isdigit():
            self.gender = idnumber.gender_of(self.id_number)

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)
