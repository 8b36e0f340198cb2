"""Administrator-uploaded replacements for the document templates kept in the repository."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .storage import private_storage


class DocumentTemplate(models.Model):
    """A replacement for one kind of document's default template (``xinfang/documents/templates_docx``). The
    newest active row of a kind wins; deactivating it restores the default."""

    kind = models.CharField("文书", max_length=30)
    file = models.FileField(
        "模板文件（.docx）",
        storage=private_storage,
        upload_to="templates/",
        help_text="可先下载默认模板修改；字段用 {{ 变量名 }} 表示，变量见《开发说明》docs/documents.md。",
    )
    is_active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.uploaded_at:%Y-%m-%d}"
