"""Periodic work on petition clocks: record "due soon" and "overdue" the first time they happen.

Idempotent and safe to run twice at once or on two servers: each note is claimed with a conditional UPDATE
(``... WHERE due_soon_noted_at IS NULL``), and only the run whose UPDATE changed the row writes the event. The
events stay in the petition's history even when the petition is later finished.

    python manage.py tick        # cron: * * * * *  or a systemd timer
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from xinfang.petitions.models import Clock, EventKind, PetitionEvent
from xinfang.policies.models import policy


class Command(BaseCommand):
    help = "记录期限临期与超期（可重复运行）"

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        soon = today + timedelta(days=policy("due_soon_days"))
        running = Clock.objects.running().select_related("petition")
        due_soon = self.note(
            running.filter(due_soon_noted_at__isnull=True, due_on__gte=today, due_on__lte=soon),
            "due_soon_noted_at",
            EventKind.DUE_SOON,
            now,
            lambda c: f"{c.get_kind_display()}将于{c.due_on:%Y-%m-%d}期满（剩{(c.due_on - today).days}日）",
        )
        overdue = self.note(
            running.filter(overdue_noted_at__isnull=True, due_on__lt=today),
            "overdue_noted_at",
            EventKind.OVERDUE,
            now,
            lambda c: f"{c.get_kind_display()}已于{c.due_on:%Y-%m-%d}期满，已超期",
        )
        self.stdout.write(f"临期 {due_soon} 件，超期 {overdue} 件")

    def note(self, clocks, field: str, kind: str, now, summary) -> int:
        noted = 0
        for clock in clocks.iterator(chunk_size=500):
            with transaction.atomic():
                claimed = Clock.objects.filter(pk=clock.pk, **{f"{field}__isnull": True}).update(
                    **{field: now}
                )
                if claimed:
                    PetitionEvent.objects.create(
                        petition=clock.petition,
                        by=None,
                        kind=kind,
                        summary=summary(clock),
                        changes={"clock": clock.kind, "due_on": clock.due_on.isoformat()},
                    )
                    noted += 1
        return noted
