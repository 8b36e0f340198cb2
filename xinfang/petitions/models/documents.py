"""Documents generated for a petition (告知书, 信访处理意见书 …), stored with it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xinfang.documents.storage import private_storage

from .petition import Petition


class PetitionDocument(models.Model):
    """A generated .docx kept with the petition. Each generation is a new row; none is overwritten."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书", max_length=30)
    title = models.CharField("标题", max_length=100)
    file = models.FileField("文件", storage=private_storage, upload_to="documents/%Y/%m/", max_length=200)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "信访文书"
        verbose_name_plural = "信访文书"
        ordering = ["generated_at", "id"]

    def __str__(self) -> str:
        return self.title
