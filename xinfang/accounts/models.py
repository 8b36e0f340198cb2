"""Staff accounts: each user belongs to one organisation and has one role."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "承办人"
    APPROVER = "approver", "负责人"
    LEADER = "leader", "领导"
    ADMINISTRATOR = "administrator", "管理员"


# What each role may do. Roles not listed for an ability do not have it.
ABILITIES: dict[str, frozenset[str]] = {
    "register_petition": frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR}),
    "reveal_personal_numbers": frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR}),
    "edit_registry": frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR}),
    # 督办: pressure from above on a case; the leader's one write, besides reading.
    "supervise": frozenset({Role.LEADER, Role.APPROVER}),
}


class User(AbstractUser):
    name = models.CharField("姓名", max_length=30)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.REGISTRAR)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.name or self.username

    def can(self, ability: str) -> bool:
        return self.is_active and self.role in ABILITIES[ability]

    @property
    def is_federation_leader(self) -> bool:
        from xinfang.orgs.models import OrgKind

        return self.role == Role.LEADER and self.org is not None and self.org.kind == OrgKind.FEDERATION


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str) -> User | None:
        token = self.select_related("user", "user__org").filter(key_hash=hash_token(key)).first()
        if token is None or not token.user.is_active:
            return None
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ApiToken(models.Model):
    """A token for another system calling the REST API as a user. Only its hash is stored."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple[ApiToken, str]:
        """Create a token; the plain key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(key)), key
