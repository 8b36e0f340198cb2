"""An import job: one uploaded file of one kind, checked and then committed in the background, and kept with its
result (committed, or the problems by row and column) for the user who started it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from xinfang.orgs.models import Org

from .registry import import_kind


class JobStatus(models.TextChoices):
    CHECKING = "checking", "正在检查"
    REFUSED = "refused", "有错误，未导入"
    READY = "ready", "检查通过，待确认导入"
    COMMITTING = "committing", "正在导入"
    COMMITTED = "committed", "已导入"
    FAILED = "failed", "出错，未导入"


RUNNING = (JobStatus.CHECKING, JobStatus.COMMITTING)


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportJobQuerySet:
        """Scope rule for import jobs: the user's own (a job holds a whole file of records, some of them personal
        data, so no one else sees it, not even a colleague of the same organisation)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ImportJob(models.Model):
    kind = models.CharField("导入类型", max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空：在服务器上用命令导入（import_records 未指定 --user）。",
    )
    org = models.ForeignKey(
        Org,
        verbose_name="导入到组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField("文件名", max_length=200)
    content = models.BinaryField("文件内容", editable=False)
    status = models.CharField("状态", max_length=12, choices=JobStatus.choices, default=JobStatus.CHECKING)
    rows_total = models.PositiveIntegerField("总行数", null=True, blank=True)
    rows_done = models.PositiveIntegerField("已检查行数", default=0)
    problem_count = models.PositiveIntegerField("问题数", default=0)
    summary = models.CharField("结果", max_length=300, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    checked_at = models.DateTimeField("检查完成时间", null=True, blank=True)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_created")]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def kind_title(self) -> str:
        kind = import_kind(self.kind)
        return kind.title if kind else self.kind

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int | None:
        """How far the check has gone, for the progress bar (None: not known, or committing)."""
        if self.status != JobStatus.CHECKING or not self.rows_total:
            return None
        return min(99, self.rows_done * 100 // self.rows_total)


class ImportProblem(models.Model):
    """One problem of a job's file: a row and column (row 0: the file as a whole), in Chinese, with the value."""

    job = models.ForeignKey(
        ImportJob, verbose_name="导入任务", on_delete=models.CASCADE, related_name="problems"
    )
    row = models.PositiveIntegerField("行号")
    column = models.CharField("列", max_length=60, blank=True)
    message = models.CharField("问题", max_length=300)
    value = models.CharField("填写的内容", max_length=200, blank=True)

    class Meta:
        verbose_name = "导入问题"
        verbose_name_plural = "导入问题"
        ordering = ["job", "pk"]

    def __str__(self) -> str:
        return f"第{self.row}行 {self.column}：{self.message}"
