"""Periodic work: runs every registered job (``clocks/jobs.py``) in order, prints each result and records the
heartbeat that ``/healthz`` reads.

The ledgers register what to do: each registered clock table comes with its job noting its due-soon and overdue
clocks with events and reminders (clocks/registry.py: petitions' clocks; mediations' 15-day period, whose lapse
offers arbitration, and performance date), and petitions terminate cases whose review window lapsed. Each job is
idempotent and safe to run twice at once or on two servers: it claims each row with a conditional UPDATE
(``... WHERE due_soon_noted_at IS NULL``) in a transaction of its own, and only the run whose UPDATE changed the
row writes the event and the reminders.

    python manage.py tick        # cron: * * * * *  or a systemd timer
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from xinfang.clocks.jobs import jobs
from xinfang.ops.models import beat


class Command(BaseCommand):
    help = "运行各台账登记的定时任务：期限临期与超期提醒、期满终结等（可重复运行）"

    def handle(self, *args, **options):
        now = timezone.now()
        result = "；".join(job.run(now) for job in jobs())
        beat("tick", result)  # /healthz reports how long ago this was
        self.stdout.write(result)
