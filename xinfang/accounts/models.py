"""Staff accounts: each user belongs to one organisation and has one role."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .abilities import DEFAULT_ROLE, Role, has_ability


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
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=DEFAULT_ROLE)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.name or self.username

    def can(self, ability: str) -> bool:
        """Whether the user may do what the ability names (``accounts/abilities.py``); an unknown name raises."""
        return has_ability(self, ability)


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_expiry() -> datetime:
    """A new token's default expiry: ``API_TOKEN_DAYS`` (365) days from now."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class TokenRefused(Exception):
    """A bearer token that is unknown, revoked or expired, or whose user is disabled (answered with 401)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ApiTokenQuerySet(models.QuerySet):
    def authenticate(self, key: str) -> User:
        """The user a key belongs to; ``TokenRefused`` (with a Chinese message) when it may not be used."""
        token = self.select_related("user", "user__org").filter(key_hash=hash_token(key)).first()
        now = timezone.now()
        if token is None:
            raise TokenRefused("接口令牌无效。")
        if token.revoked_at is not None:
            raise TokenRefused("接口令牌已被吊销，请联系管理员重新签发。")
        if token.expires_at <= now:
            raise TokenRefused("接口令牌已过期，请联系管理员重新签发。")
        if not token.user.is_active:
            raise TokenRefused("该接口令牌所属账号已停用。")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A token for another system calling the REST API as a user. Only its hash is stored: the key is shown once,
    when the token is issued (``issue``: the admin's add page, ``manage.py issue_api_token``)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=60, help_text="调用方系统的名称，如“12351热线系统”")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", default=token_expiry)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    def clean(self) -> None:
        if self.pk is None and self.expires_at is not None and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": "有效期至应晚于现在。"})

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)

    @classmethod
    def issue(cls, *, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
        """Create a token; the plain key is returned once and never stored."""
        key = cls.new_key()
        expires_at = timezone.now() + timedelta(days=days) if days is not None else token_expiry()
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(key), expires_at=expires_at)
        return token, key

    def revoke(self) -> bool:
        """Revoke the token from now on; False if it was already revoked."""
        now = timezone.now()
        done = ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now) == 1
        if done:
            self.revoked_at = now
        return done
