"""The organisation tree and the employer registry.

The tree uses a materialised path of fixed-width digits (six per level), so a subtree is one indexed range
query: ``path >= p AND path < p + 1`` read as numbers of the same width.
"""

from __future__ import annotations

from typing import Protocol

from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal

from xinfang.lib.creditcode import validate_credit_code

SEGMENT = 6

# Sent after an organisation moved in the tree, with ``orgs``: the moved organisation and everything below it.
# Apps that copy tree positions onto their records (petition scope columns) listen to it.
org_moved = Signal()


class OrgUser(Protocol):
    """Whom a scope rule of this app is asked about: a user who belongs to one organisation, or none. The user
    model (``accounts.User``) lives in an app above this one, so it is named by what the rules read of it."""

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def org_id(self) -> int | None: ...

    @property
    def org(self) -> Org | None: ...


MAX_SCOPE_DEPTH = 4  # levels of the tree that records carry as scope columns (see Petition.org_level1..4)


def ancestor_ids(path: str) -> list[int]:
    """The ids from the root down to the organisation itself, read off its path (no query)."""
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]


def path_upper_bound(path: str) -> str:
    """The first path after every path that starts with ``path`` (same width, plus one)."""
    return str(int(path) + 1).zfill(len(path))


class OrgKind(models.TextChoices):
    FEDERATION = "federation", "区总工会"
    UPPER = "upper", "上级工会"
    COMMITTEE = "committee", "工委会"
    GRASSROOTS = "grassroots", "基层工会"
    PARTNER = "partner", "协办单位"


# An organisation's code (组织代码): letters, digits and hyphens, chosen by the installation (e.g. 440303-01). It names
# the organisation in imports (``import_records --org``, the organisation-tree template) and stays when it is renamed.
validate_org_code = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$",
    "组织代码应为1至20位字母、数字或连字符（-），且以字母或数字开头。",
    code="org_code_shape",
)


def normalize_org_code(value: str) -> str:
    return value.strip().upper()


class OrgQuerySet(models.QuerySet):
    def subtree(self, org: Org) -> OrgQuerySet:
        """The organisation and everything below it: one range scan on the path index."""
        return self.filter(path__gte=org.path, path__lt=path_upper_bound(org.path))

    def visible_to(self, user: OrgUser) -> OrgQuerySet:
        """Scope rule for organisations: the user's own organisation and everything below it."""
        org = user.org if user.is_authenticated else None
        return self.none() if org is None else self.subtree(org)

    def routable(self) -> OrgQuerySet:
        """Organisations a case can be handed to or received from (every active one)."""
        return self.filter(is_active=True)


class Org(models.Model):
    name = models.CharField("名称", max_length=100)
    code = models.CharField(
        "组织代码",
        max_length=20,
        blank=True,
        validators=[validate_org_code],
        help_text="本系统内唯一，如“440303-01”；导入数据时用它指明组织。",
    )
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=12, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=60, editable=False, db_index=True)
    petition_prefix = models.CharField(
        "信访编号前缀",
        max_length=10,
        blank=True,
        help_text="区总工会填写，如“罗工信”，编号形如 罗工信〔2026〕0001。",
    )
    is_active = models.BooleanField("启用", default=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="org_name_unique_under_parent",
                violation_error_message="同一上级组织下已有同名组织。",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="org_code_unique",
                violation_error_message="已有组织使用该组织代码。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(self.path) // SEGMENT

    def federation(self) -> Org | None:
        """The district federation at the top of this organisation's tree."""
        if self.kind == OrgKind.FEDERATION:
            return self
        root_path = self.path[:SEGMENT]
        return Org.objects.filter(path=root_path, kind=OrgKind.FEDERATION).first()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        parent = self.parent
        if self.pk and parent is not None and parent.path.startswith(self.path):
            raise ValidationError({"parent": "上级组织不能是本组织或其下级组织。"})

    def save(self, *args, **kwargs) -> None:
        self.code = normalize_org_code(self.code)
        with transaction.atomic():
            super().save(*args, **kwargs)
            new_path = (self.parent.path if self.parent else "") + str(self.pk).zfill(SEGMENT)
            if new_path != self.path:
                old_path = self.path
                Org.objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    # Moved: rewrite the paths of the whole subtree in one statement.
                    Org.objects.filter(path__gt=old_path, path__lt=path_upper_bound(old_path)).update(
                        path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                    )
                self.path = new_path
                if old_path:
                    org_moved.send(sender=Org, orgs=list(Org.objects.subtree(self)))


class Industry(models.TextChoices):
    """国民经济行业分类 (GB/T 4754-2017) sections."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"


class Ownership(models.TextChoices):
    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    FOREIGN = "foreign", "外商投资"
    HMT = "hmt", "港澳台投资"
    SOLE_TRADER = "sole_trader", "个体工商户"
    PUBLIC_INSTITUTION = "public_institution", "机关事业单位"
    OTHER = "other", "其他"


class EmployerQuerySet(models.QuerySet):
    def visible_to(self, user: OrgUser) -> EmployerQuerySet:
        """Scope rule for employers: the register is shared by every signed-in staff member of the district,
        because a complaint about any employer can come in at any desk. Employer data is not personal data."""
        if not user.is_authenticated or user.org_id is None:
            return self.none()
        return self.all()

    def search(self, text: str) -> EmployerQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__contains=text) | Q(credit_code=text.upper()))


class Employer(models.Model):
    name = models.CharField("单位名称", max_length=100, db_index=True)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    industry = models.CharField("所属行业", max_length=1, choices=Industry.choices, blank=True)
    ownership = models.CharField("经济类型", max_length=20, choices=Ownership.choices, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    org = models.ForeignKey(
        Org,
        verbose_name="所属工委会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employers",
    )
    employees = models.PositiveIntegerField("职工人数", null=True, blank=True)
    has_union = models.BooleanField("已建工会", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="employer_credit_code_unique",
                violation_error_message="已有单位使用该统一社会信用代码。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.credit_code = self.credit_code.strip().upper()
        super().save(*args, **kwargs)


def find_or_create_employer(*, name: str, credit_code: str = "", address: str = "", home: Org) -> Employer:
    """The employer with this credit code, else a new one filed under ``home`` if it is a working committee.
    The caller has validated the credit code and the limits; a value beyond a column's limit is still refused
    here (ValidationError under ``employer``), never stored."""
    from django.core.exceptions import ValidationError

    from xinfang.lib import creditcode, limits

    code = creditcode.normalize(credit_code)
    if code:
        existing = Employer.objects.filter(credit_code=code).first()
        if existing is not None:
            return existing
    name, address = limits.clean_text(name), limits.clean_text(address)
    problems = [
        problem
        for field, value in (("name", name), ("address", address), ("credit_code", code))
        if (problem := limits.value_problem(Employer._meta.get_field(field), value))
    ]
    if problems or not name:
        raise ValidationError({"employer": problems or ["请填写单位名称。"]})
    return Employer.objects.create(
        name=name,
        credit_code=code,
        address=address,
        org=home if home.kind == OrgKind.COMMITTEE else None,
    )
