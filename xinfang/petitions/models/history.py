"""A petition's history: events are only ever added, never changed or deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from xinfang.audit.models import AppendOnly

from .petition import Petition


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    CORRECTED = "corrected", "更正登记信息"
    CLOCK_STARTED = "clock_started", "期限开始计算"
    CLOCK_RECOMPUTED = "clock_recomputed", "期限重新计算"
    INTAKE_DECIDED = "intake_decided", "受理决定"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_DECIDED = "extension_decided", "延期审批"
    CONCLUDED = "concluded", "办结"
    RATED = "rated", "满意度评价"
    SUPERVISED = "supervised", "督办"
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "超期"
    ASSIGNED = "assigned", "交办"
    TAKEN = "taken", "签收"
    RETURNED = "returned", "退回"
    ASSIGNMENT_FINISHED = "assignment_finished", "反馈办理结果"
    NOTE_ADDED = "note_added", "办理记录"
    REOPENED = "reopened", "重新办理"
    REVIEW_REQUESTED = "review_requested", "申请复查"
    REVIEW_DECIDED = "review_decided", "复查决定"
    RE_REVIEW_REQUESTED = "re_review_requested", "申请复核"
    RE_REVIEW_DECIDED = "re_review_decided", "复核决定"
    HEARING_STARTED = "hearing_started", "听证开始（期限暂停）"
    HEARING_ENDED = "hearing_ended", "听证结束（期限顺延）"
    TERMINATED = "terminated", "终结"
    DOCUMENT_GENERATED = "document_generated", "生成文书"


class PetitionEvent(AppendOnly):
    """One entry of a petition's history. Events are only ever added, never changed or deleted. An event's ``at``
    is when it was recorded, not when it happened: a step entered afterwards carries its own date in the petition
    (``intake_decided_at``, ``replied_on`` …), and statistics count by that."""

    what = "信访事件"

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("事件", max_length=20, choices=EventKind.choices)
    summary = models.CharField("摘要", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "信访事件"
        verbose_name_plural = "信访事件"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["petition", "at"], name="petition_event_timeline")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_kind_display()}"
