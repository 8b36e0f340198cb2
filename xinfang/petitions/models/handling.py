"""Handling records (办理记录) and their attachments, stored outside the web root."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xinfang.documents.storage import private_storage

from .choices import NoteKind
from .petition import Petition


class HandlingNote(models.Model):
    """An entry of the handling record: a note, an investigation, a talk, a recusal. Never changed."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="notes")
    assignment = models.ForeignKey(
        "petitions.Assignment", null=True, blank=True, on_delete=models.PROTECT, related_name="notes"
    )
    kind = models.CharField("记录类型", max_length=16, choices=NoteKind.choices, default=NoteKind.NOTE)
    happened_on = models.DateField("日期")
    text = models.TextField("内容")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["petition", "happened_on"], name="note_petition")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("办理记录不可修改。")
        super().save(*args, **kwargs)


def attachment_path(instance: Attachment, filename: str) -> str:
    now = timezone.localtime()
    return f"attachments/{now:%Y/%m}/{instance.petition_id}/{instance.sha256[:16]}{instance.extension}"


class Attachment(models.Model):
    """A file kept with a petition. Its type is read from its content, not its name."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    note = models.ForeignKey(
        HandlingNote, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField("文件", storage=private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    extension = models.CharField("扩展名", max_length=8)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
