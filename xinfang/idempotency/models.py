"""The first answer to a creating request, kept under the client's key for a day, so that a retry of the same
request (an ``Idempotency-Key`` header in the API, a one-time token in a page's form) gets that answer again
instead of creating a second record."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long a key is remembered; a retry after that is a new request.
KEEP_FOR = timedelta(hours=24)


class IdempotencyKeyQuerySet(models.QuerySet):
    def live(self):
        return self.filter(created_at__gte=timezone.now() - KEEP_FOR)


class IdempotencyKey(models.Model):
    """Written in the same transaction as the record the request created: the key exists iff the record does."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE)
    key = models.CharField("幂等键", max_length=100)
    method = models.CharField("请求方法", max_length=8)
    path = models.CharField("路径", max_length=200)
    digest = models.CharField("请求摘要", max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField("响应状态")
    content_type = models.CharField("响应类型", max_length=100, blank=True)
    body = models.TextField("响应内容", blank=True)  # the answer's body (API), or where to go (a page's form)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = IdempotencyKeyQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "幂等键"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="idempotency_key_unique_per_user",
                violation_error_message="幂等键重复。",
            )
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
