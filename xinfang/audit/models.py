"""The access log: every reveal of an ID or phone number and every view of a confidential case."""

from __future__ import annotations

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
    object_id = models.BigIntegerField("对象ID")
    detail = models.CharField("说明", max_length=200, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)

    class Meta:
        verbose_name = "访问日志"
        verbose_name_plural = "访问日志"
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"


def log_access(*, user, action: str, obj: models.Model, detail: str = "", request=None) -> AccessLog:
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        detail=detail,
        ip_address=ip,
    )
