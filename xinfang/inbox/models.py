"""Each user's inbox (待办提醒): reminders written by ``tick`` and by workflow steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from xinfang.orgs.models import ancestor_ids

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.orgs.models import Org


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "临期"
    OVERDUE = "overdue", "超期"
    ASSIGNED = "assigned", "新交办"
    RETURNED = "returned", "交办被退回"
    FINISHED = "finished", "交办单位已反馈"
    EXTENSION = "extension", "延期待审批"
    TERMINATED = "terminated", "已终结"


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ReminderQuerySet:
        """Scope rule for reminders: a user sees only his own inbox."""
        return self.filter(user_id=user.pk) if user.is_authenticated else self.none()

    def unread(self) -> ReminderQuerySet:
        return self.filter(read_at__isnull=True)


class Reminder(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    petition = models.ForeignKey(
        "petitions.Petition", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("提醒类型", max_length=12, choices=ReminderKind.choices)
    link = models.CharField("链接", max_length=200, blank=True)  # for reminders about other records
    text = models.CharField("内容", max_length=200)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    # What the reminder is about (e.g. "clock:12:overdue"): the same thing is never written twice to one user,
    # so tick may run twice, or on two servers, and each user still gets one reminder.
    key = models.CharField(max_length=60, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "待办提醒"
        verbose_name_plural = "待办提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="reminder_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["user", "created_at", "id"], name="reminder_inbox"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="reminder_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.text}"


STAFF_ROLES = ("handler", "approver")


def unit_staff(org: Org) -> list[User]:
    """Who is reminded about a unit's work: the handlers and approvers of the unit, or, when it has none (a
    grassroots union without accounts), of the nearest organisation above it that has some. One query."""
    from xinfang.accounts.models import User

    chain = ancestor_ids(org.path)
    users = list(User.objects.filter(org_id__in=chain, role__in=STAFF_ROLES, is_active=True))
    for org_id in reversed(chain):
        here = [u for u in users if u.org_id == org_id]
        if here:
            return here
    return []


def remind(
    *, users: Iterable[User], kind: str, text: str, petition=None, link: str = "", key: str = ""
) -> int:
    """Write one reminder per user; with a ``key``, a user who already has it does not get it again."""
    rows = [
        Reminder(user=u, petition=petition, kind=kind, text=text[:200], link=link, key=key)
        for u in {u.pk: u for u in users}.values()
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)
