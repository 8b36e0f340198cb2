"""The audit log, append-only for everyone (database triggers refuse UPDATE and DELETE, see
migrations/0003): the access log (every reveal of an ID or phone number, every view of a confidential case or of
its parts, every download and export) and the login log (logins, failed logins, logouts, lockouts)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.db import models


class AppendOnly(models.Model):
    """A record that is only ever added: histories and logs. ``what`` names it in the refusal."""

    what = "记录"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError(f"{self.what}不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self.what}不可删除。")


class AccessAction(models.TextChoices):
    REVEAL_ID_NUMBER = "reveal_id_number", "查看完整身份证号"
    REVEAL_PHONE = "reveal_phone", "查看完整电话"
    VIEW_CONFIDENTIAL = "view_confidential", "查看保密信访件"
    DOWNLOAD = "download", "下载文件"
    EXPORT = "export", "导出"


class AccessLog(AppendOnly):
    what = "访问日志"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.PROTECT)
    action = models.CharField("操作", max_length=20, choices=AccessAction.choices)
    object_type = models.CharField("对象类型", max_length=20)
    # Empty for an action on a whole ledger (an export names the ledger in object_type, its filter in detail).
    object_id = models.BigIntegerField("对象ID", null=True, blank=True)
    detail = models.CharField("说明", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


def client_ip(request) -> str | None:
    """The client address as the login lock sees it (django-axes, which honours the proxy settings)."""
    if request is None:
        return None
    ip = getattr(request, "axes_ip_address", None)
    if ip is None:
        from axes.helpers import get_client_ip_address

        ip = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None


def _text(value: object, length: int) -> str:
    """A value the database stores on both backends: no NUL, no lone surrogate, at most ``length`` characters."""
    text = str(value or "").replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")[:length]


def log_access(
    *, user, action: str, obj: models.Model | type[models.Model], detail: str = "", request=None
) -> AccessLog:
    """Log one access to ``obj``; ``obj`` is a model class for an action on a whole ledger (an export)."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk if isinstance(obj, models.Model) else None,
        detail=_text(detail, 200),
        ip_address=client_ip(request),
    )


def filter_detail(query) -> str:
    """An export's filter, as the log's detail: the query string's non-empty fields, or 全部."""
    parts = [f"{key}={value}" for key, value in query.items() if value and key != "cursor"]
    return "筛选：" + "&".join(parts) if parts else "全部"


class LoginAction(models.TextChoices):
    LOGIN = "login", "登录"
    FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出登录"
    LOCKED_OUT = "locked_out", "账号锁定"


class LoginEvent(AppendOnly):
    """One login, failed login, logout or lockout. Kept for ever, unlike django-axes' own records."""

    what = "登录日志"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    action = models.CharField("操作", max_length=20, choices=LoginAction.choices)
    username = models.CharField("登录名", max_length=150, help_text="登录时填写的用户名，未必有此账号")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=200, blank=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-at"]
        indexes = [models.Index(fields=["username", "at"], name="loginevent_username")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"


def log_login(*, action: str, username: str, user=None, request=None) -> LoginEvent:
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return LoginEvent.objects.create(
        action=action,
        username=_text(username, 150),
        user=user,
        ip_address=client_ip(request),
        user_agent=_text(agent, 200),
    )
