"""The organisation tree and the employer registry.

The tree uses a materialised path of fixed-width digits (six per level), so a subtree is one indexed range
query: ``path >= p AND path < p + 1`` read as numbers of the same width.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils import timezone

from xinfang.audit.models import AppendOnly
from xinfang.lib import creditcode, limits
from xinfang.lib.creditcode import validate_credit_code
from xinfang.lib.employernames import MIN_CONTAINED, key_parts, name_key

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


BODY_KINDS = (OrgKind.UPPER, OrgKind.PARTNER)  # 转送/交办机关: upper unions and non-union bodies

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

    def bodies(self) -> OrgQuerySet:
        """The bodies a case is received from (转送/交办机关): active upper unions and partner units (the
        government departments and other non-union bodies, wherever they are filed in the tree)."""
        return self.routable().filter(kind__in=BODY_KINDS)

    def transfer_targets(self, owner: Org) -> OrgQuerySet:
        """Where a case owned by ``owner`` may be transferred (转送): another body, never the owner nor a union
        organisation below it (handing a case down is 交办). Partner units filed below the owner are bodies of
        their own (a street's 司法所) and stay; grassroots unions are no transfer targets."""
        return (
            self.routable()
            .exclude(kind=OrgKind.GRASSROOTS)
            .exclude(
                Q(path__gte=owner.path, path__lt=path_upper_bound(owner.path)) & ~Q(kind=OrgKind.PARTNER)
            )
        )


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
    # 信访工作条例 第三十五、三十六条: a decision is reviewed by the immediate upper level. Set explicitly; where it
    # is not set, the documents fall back to the parent, and for a federation to the first upper federation.
    review_body = models.ForeignKey(
        "self",
        verbose_name="复查机关（上一级工会）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="受理对本组织信访处理意见的复查请求的上一级工会，写入信访处理意见书的复查告知。"
        "不填时取上级组织；区总工会不填时取第一个上级工会。",
    )
    needs_check = models.BooleanField(
        "待核实",
        default=False,
        help_text="登记时录入的未列出机关，待管理员核实名称（必要时改正或停用）后取消勾选。",
    )

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
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="org_name_unique_at_top",
                violation_error_message="已有同名的顶层组织或机关。",
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
    def picker_label(self) -> str:
        """The name as the pickers list it: a body recorded at the desk says it is still to be checked."""
        return f"{self.name}（待核实）" if self.needs_check else self.name

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
        parent = self.parent
        if self.pk and parent is not None and parent.path.startswith(self.path):
            raise ValidationError({"parent": "上级组织不能是本组织或其下级组织。"})
        body = self.review_body
        if self.pk and body is not None and body.path.startswith(self.path):
            raise ValidationError({"review_body": "复查机关应为上一级工会，不能是本组织或其下级组织。"})

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


class Body(Org):
    """The bodies cases are received from or transferred to (转送/交办机关), as administrators keep them: the
    same rows as the organisation tree, shown on their own so that adding one is easy to find."""

    class Meta:
        proxy = True
        verbose_name = "转送/交办机关"
        verbose_name_plural = "转送/交办机关"


def find_or_record_body(name: str, *, field: str) -> Org:
    """The active organisation or body with exactly this name, else a new body recorded at the desk: a partner
    unit at the top of the tree, marked to be checked by an administrator (``needs_check``). A name beyond the
    column's limits, or of a body an administrator has disabled, is refused under ``field``."""
    from django.core.exceptions import ValidationError

    name = limits.clean_text(name)
    problem = limits.value_problem(Org._meta.get_field("name"), name)
    if problem or not name:
        raise ValidationError({field: [f"未列出的机关：{problem or '请填写机关名称。'}"]})
    found = Org.objects.routable().filter(name=name).order_by("path").first()
    if found is not None:
        return found
    body, _ = Org.objects.get_or_create(
        name=name, parent=None, defaults={"kind": OrgKind.PARTNER, "needs_check": True}
    )
    if not body.is_active:
        raise ValidationError({field: [f"机关“{name}”已被管理员停用，请从列表中选择，或与管理员联系。"]})
    return body


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

    def active(self) -> EmployerQuerySet:
        """Employers that records may name: not merged into another."""
        return self.filter(merged_into__isnull=True)

    def search(self, text: str) -> EmployerQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__contains=text) | Q(credit_code=text.upper()))

    def close_to(self, name: str) -> EmployerQuerySet:
        """Employers whose names are close to ``name`` (``xinfang.lib.employernames``): the same key, or one key
        containing the other. One statement."""
        return self._close_or(name, Q())

    def suggest(self, text: str) -> EmployerQuerySet:
        """The typeahead: active employers whose name contains the text, with that credit code, or close to it."""
        text = text.strip()
        if not text:
            return self.none()
        return self.active()._close_or(text, Q(name__contains=text) | Q(credit_code=text.upper()))

    def _close_or(self, name: str, other: Q) -> EmployerQuerySet:
        key = name_key(limits.clean_text(name))
        if not key:
            return self.filter(other) if other else self.none()
        # The same key, a key that contains this one (a scan: no index serves it), or a key that is part of this
        # one (one of its parts long enough to count: an index look-up).
        close = other | Q(name_key__in=key_parts(key) | {key})
        if len(key) >= MIN_CONTAINED:
            close |= Q(name_key__contains=key)
        return self.filter(close)

    def for_record(self, pk: int) -> Employer | None:
        """The employer a record being saved is filed under: this one, or the one it was merged into. The row
        stays locked until the record's transaction ends, so that a merge of it (which locks it too) either
        waits and then moves the record, or comes first and the record follows it here."""
        employer = self.select_for_update(no_key=True).filter(pk=pk).first()
        for _ in range(5):  # a merge points straight at the kept employer; the bound only guards a loop
            if employer is None or employer.merged_into_id is None:
                break
            employer = self.select_for_update(no_key=True).filter(pk=employer.merged_into_id).first()
        return employer


class EmployerManager(models.Manager.from_queryset(EmployerQuerySet)):  # type: ignore[misc]
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for employer in objs:
            employer.credit_code = employer.credit_code.strip().upper()
            employer.name_key = name_key(employer.name)
        return super().bulk_create(objs, *args, **kwargs)


class Employer(models.Model):
    name = models.CharField("单位名称", max_length=100, db_index=True)
    # The name reduced to what tells employers apart (lib.employernames.name_key); kept by save() and
    # bulk_create, compared when a new employer is registered.
    name_key = models.CharField(
        "名称比对键", max_length=100, blank=True, editable=False, db_index=True, default=""
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    industry = models.CharField("所属行业", max_length=1, choices=Industry.choices, blank=True)
    ownership = models.CharField("经济类型", max_length=20, choices=Ownership.choices, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
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
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="merged",
    )

    objects = EmployerManager()

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
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


def find_employer(*, name: str, credit_code: str = "", by: OrgUser) -> Employer | None:
    """The employer that a registration naming this employer means without asking: the one with this credit
    code, else the one with exactly this name (an active one first; one without a credit code if a code was
    given) — or, when that one was merged, the one it was merged into (so a duplicate's name keeps finding the
    employer it was merged into)."""
    scope = Employer.objects.visible_to(by)
    code = creditcode.normalize(credit_code)
    found = scope.filter(credit_code=code).first() if code else None
    name = limits.clean_text(name)
    if found is None and name:
        same_name = scope.filter(name=name).order_by(F("merged_into").asc(nulls_first=True), "pk")
        found = (same_name.filter(credit_code="") if code else same_name).first()
    if found is not None and found.merged_into_id is not None:
        return found.merged_into
    return found


CLOSE_SHOWN = 5
CONFIRM_NEW = (
    "新单位的名称与已登记的单位相近（去掉空格、括号、开头的“深圳市”或区名、结尾的“有限公司”等以后相同或相互包含）时，"
    "须确认确为另一家单位，否则返回422并列出相近的单位。名称完全相同或统一社会信用代码相同的，沿用已登记的单位。"
)


def close_employers(*, name: str, by: OrgUser, limit: int = CLOSE_SHOWN + 1) -> list[Employer]:
    """Active employers within the user's scope whose names are close to ``name``."""
    return list(Employer.objects.visible_to(by).active().close_to(name).order_by("name", "pk")[:limit])


def close_employers_message(employers: list[Employer], *, label: str) -> str:
    """The question put to the clerk (page and API say the same)."""
    names = "、".join(
        f"{e.name}（{e.credit_code}）" if e.credit_code else e.name for e in employers[:CLOSE_SHOWN]
    )
    more = "等" if len(employers) > CLOSE_SHOWN else ""
    return (
        f"{label}：已登记名称相近的单位：{names}{more}。请选择已登记的单位；"
        "确为另一家单位的，请勾选“确认新建用人单位”后再保存。"
    )


def refuse_close_names(*, name: str, by: OrgUser, confirm_new: bool, field: str, label: str) -> None:
    """Ask before a new employer is registered beside close ones: a ValidationError under ``field`` unless the
    user confirmed that it is another employer."""
    if confirm_new:
        return
    close = close_employers(name=name, by=by)
    if close:
        raise ValidationError({field: [close_employers_message(close, label=label)]}, code="close_employers")


def find_or_create_employer(
    *,
    name: str,
    credit_code: str = "",
    address: str = "",
    home: Org,
    by: OrgUser,
    confirm_new: bool = False,
    label: str = "用人单位",
) -> Employer:
    """The employer a registration names: the one with this credit code or exactly this name (locked for the
    record, following a merge), else a new one filed under ``home`` if it is a working committee. A new name
    close to registered ones is refused (ValidationError under ``employer``) unless ``confirm_new``. The caller
    has validated the credit code and the limits; a value beyond a column's limit is still refused here, never
    stored."""
    code = creditcode.normalize(credit_code)
    existing = find_employer(name=name, credit_code=code, by=by)
    if existing is not None:
        return Employer.objects.for_record(existing.pk) or existing
    name, address = limits.clean_text(name), limits.clean_text(address)
    problems = [
        problem
        for field, value in (("name", name), ("address", address), ("credit_code", code))
        if (problem := limits.value_problem(Employer._meta.get_field(field), value))
    ]
    if problems or not name:
        raise ValidationError({"employer": problems or ["请填写单位名称。"]})
    refuse_close_names(name=name, by=by, confirm_new=confirm_new, field="employer", label=label)
    employer = Employer(
        name=name,
        credit_code=code,
        address=address,
        org=home if home.kind == OrgKind.COMMITTEE else None,
    )
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        # The same credit code registered at the same moment by someone else: that one is the employer.
        taken = Employer.objects.filter(credit_code=code).first() if code else None
        if taken is None:
            raise
        return Employer.objects.for_record(taken.pk) or taken
    return employer


class EmployerEventKind(models.TextChoices):
    MERGED = "merged", "合并重复单位"


class EmployerEvent(AppendOnly):
    """One entry of an employer's history (a duplicate merged into it). Only ever added."""

    what = "用人单位事件"

    employer = models.ForeignKey(
        Employer, verbose_name="用人单位", on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("事件", max_length=20, choices=EmployerEventKind.choices)
    other = models.ForeignKey(
        Employer,
        verbose_name="所涉单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="合并时：并入的重复单位。",
    )
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "用人单位事件"
        verbose_name_plural = "用人单位事件"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.get_kind_display()}"
