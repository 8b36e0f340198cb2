"""Each user's inbox (待办提醒): reminders written by ``tick`` and by workflow steps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.options import Options
from django.utils import timezone

from xinfang.accounts.abilities import roles_with
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
    URGENT = "urgent", "紧急重大"
    REVIEW = "review", "复查复核申请"
    DISSATISFIED = "dissatisfied", "评价不满意"
    ON_BEHALF = "on_behalf", "代为办理"


class Record(Protocol):
    """A record of any ledger that a reminder can be about: its ``str`` is its number, and it has a page."""

    pk: Any
    _meta: ClassVar[Options]

    def get_absolute_url(self) -> str: ...


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ReminderQuerySet:
        """Scope rule for reminders: a user sees only his own inbox."""
        return self.filter(user_id=user.pk) if user.is_authenticated else self.none()

    def unread(self) -> ReminderQuerySet:
        return self.filter(read_at__isnull=True)

    def about(self, record: Record) -> ReminderQuerySet:
        return self.filter(ledger=record._meta.app_label, record_id=record.pk)


class Reminder(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=12, choices=ReminderKind.choices)
    # What it is about: a record of any ledger, named by the ledger's app label and the record's id, with its
    # label (its number) and its page as they were when the reminder was written. The inbox shows and filters
    # them without reading any ledger's tables.
    ledger = models.CharField("台账", max_length=40, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    label = models.CharField("事项", max_length=40, blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
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


def unit_staff(org: Org, *abilities: str) -> list[User]:
    """Who is reminded about a unit's work: the users of the unit with every ability given (by default
    ``inbox.unit_reminders``: its handlers and approvers), or, when it has none (a grassroots union without
    accounts), of the nearest organisation above it that has some. One query."""
    from xinfang.accounts.models import User

    roles = set.intersection(*(set(roles_with(name)) for name in abilities or ("inbox.unit_reminders",)))
    chain = ancestor_ids(org.path)
    users = list(User.objects.filter(org_id__in=chain, role__in=sorted(roles), is_active=True))
    for org_id in reversed(chain):
        here = [u for u in users if u.org_id == org_id]
        if here:
            return here
    return []


def remind(
    *, users: Iterable[User], kind: str, text: str, record: Record | None = None, key: str = ""
) -> int:
    """Write one reminder per user about a record; with a ``key``, a user who already has it does not get it
    again; about a record, a user who has an unread reminder of the same kind about it does not get a second
    one (one reminder per record and cause: a case with two overdue clocks is one thing to act on)."""
    about = {}
    targets = {u.pk: u for u in users}
    if record is not None:
        about = {
            "ledger": record._meta.app_label,
            "record_id": record.pk,
            "label": str(record)[:40],
            "link": record.get_absolute_url(),
        }
        if targets:
            waiting = Reminder.objects.unread().about(record).filter(kind=kind, user_id__in=list(targets))
            for pk in waiting.values_list("user_id", flat=True):
                targets.pop(pk, None)
    rows = [Reminder(user=u, kind=kind, text=text[:200], key=key, **about) for u in targets.values()]
    Reminder.objects.bulk_create(rows, ignore_conflicts=bool(key))
    return len(rows)


def settle(*, record: Record, kinds: Iterable[str], key: str = "") -> int:
    """The step a reminder asked for has been taken (by anyone): its unread reminders about the record, of these
    kinds (and this key, if given), are marked read, so that the inbox holds only what is still to do."""
    qs = Reminder.objects.unread().about(record).filter(kind__in=list(kinds))
    if key:
        qs = qs.filter(key=key)
    return qs.update(read_at=timezone.now())
