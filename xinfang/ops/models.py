"""What an operator needs to know about a running installation: when each periodic job last ran."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last run of a periodic job (``tick``), written at the end of each run; read by ``/healthz``."""

    name = models.CharField("任务", max_length=30, unique=True)
    last_run_at = models.DateTimeField("最近运行时间")
    summary = models.CharField("运行结果", max_length=200, blank=True)

    class Meta:
        verbose_name = "定时任务心跳"
        verbose_name_plural = "定时任务心跳"

    def __str__(self) -> str:
        return f"{self.name} {self.last_run_at:%Y-%m-%d %H:%M}"


def beat(name: str, summary: str = "") -> None:
    """Record that job ``name`` has just run (one row per job, updated in place)."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"last_run_at": timezone.now(), "summary": summary[:200]}
    )
