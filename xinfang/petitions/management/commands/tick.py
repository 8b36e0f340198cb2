"""Periodic work on clocks: petitions and mediations.

- records "due soon" and "overdue" the first time they happen, as events that stay in the petition's history
  even when it is later finished, and as reminders in the inbox of the unit that must act;
- terminates cases whose review (or re-review) window lapsed unused;
- records, once, a mediation whose 15-day period lapsed without agreement, and an agreement not performed by its
  due date.

Idempotent and safe to run twice at once or on two servers: each note is claimed with a conditional UPDATE
(``... WHERE due_soon_noted_at IS NULL``), and only the run whose UPDATE changed the row writes the event and
the reminders; terminations are claimed the same way.

    python manage.py tick        # cron: * * * * *  or a systemd timer
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from xinfang.inbox.models import ReminderKind, remind, unit_staff
from xinfang.lib.cnformat import cn_date
from xinfang.mediations.actions import note_lapses
from xinfang.ops.models import beat
from xinfang.petitions.actions import terminate_lapsed
from xinfang.petitions.models import REQUEST_WINDOWS, Clock, EventKind, PetitionEvent
from xinfang.policies.models import policy


class Command(BaseCommand):
    help = "记录期限临期与超期、写入待办提醒、终结复查（复核）申请期限届满的信访件（可重复运行）"

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        soon = today + timedelta(days=policy("due_soon_days"))
        self.staff: dict[int, list] = {}
        running = (
            Clock.objects.running()
            .filter(paused_on__isnull=True)
            .select_related("petition__org", "assignment__org")
        )
        watched = running.exclude(kind__in=REQUEST_WINDOWS)
        due_soon = self.note(
            watched.filter(due_soon_noted_at__isnull=True, due_on__gte=today, due_on__lte=soon),
            "due_soon_noted_at",
            EventKind.DUE_SOON,
            now,
            lambda c: f"{self.what(c)}将于{cn_date(c.due_on)}期满（剩{(c.due_on - today).days}日）",
        )
        overdue = self.note(
            watched.filter(overdue_noted_at__isnull=True, due_on__lt=today),
            "overdue_noted_at",
            EventKind.OVERDUE,
            now,
            lambda c: f"{self.what(c)}已于{cn_date(c.due_on)}期满，已超期",
        )
        lapsed = running.filter(kind__in=REQUEST_WINDOWS, due_on__lt=today)
        terminated = sum(terminate_lapsed(clock=c) for c in lapsed.iterator(chunk_size=500))
        mediation_lapsed, performance_overdue = note_lapses(today)
        result = (
            f"临期 {due_soon} 件，超期 {overdue} 件，终结 {terminated} 件；"
            f"调解期限届满 {mediation_lapsed} 件，协议逾期未履行 {performance_overdue} 件"
        )
        beat("tick", result)  # /healthz reports how long ago this was
        self.stdout.write(result)

    @staticmethod
    def what(clock: Clock) -> str:
        whose = f"（{clock.assignment.org}）" if clock.assignment is not None else ""
        return f"{clock.get_kind_display()}{whose}"

    def note(self, clocks, field: str, kind: str, now, summary) -> int:
        noted = 0
        for clock in clocks.iterator(chunk_size=500):
            with transaction.atomic():
                claimed = Clock.objects.filter(pk=clock.pk, **{f"{field}__isnull": True}).update(
                    **{field: now}
                )
                if not claimed:
                    continue
                text = summary(clock)
                PetitionEvent.objects.create(
                    petition=clock.petition,
                    by=None,
                    kind=kind,
                    summary=text,
                    changes={"clock": clock.kind, "due_on": clock.due_on.isoformat()},
                )
                unit = clock.assignment.org if clock.assignment is not None else clock.petition.org
                remind(
                    users=self.unit_staff(unit),
                    kind=ReminderKind.DUE_SOON if kind == EventKind.DUE_SOON else ReminderKind.OVERDUE,
                    text=f"{clock.petition.number} {text}",
                    record=clock.petition,
                    key=f"clock:{clock.pk}:{kind}:{clock.due_on:%Y%m%d}",
                )
                noted += 1
        return noted

    def unit_staff(self, org) -> list:
        if org.pk not in self.staff:
            self.staff[org.pk] = unit_staff(org)
        return self.staff[org.pk]
