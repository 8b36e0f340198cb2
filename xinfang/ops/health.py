"""The state of an installation, for a load balancer, the monitoring and the administrator's page."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# A job whose last run is older than this is late (tick runs every minute).
TICK_LATE_SECONDS = 10 * 60


@dataclass
class Health:
    database: bool
    migrations_applied: bool
    pending_migrations: list[str]
    tick_last_run_at: str | None
    tick_lag_seconds: int | None
    tick_late: bool

    @property
    def serving(self) -> bool:
        """Whether this server can answer requests. A late ``tick`` is reported but does not take the server
        out of the load balancer: the pages still work, only reminders lag."""
        return self.database and self.migrations_applied

    def as_dict(self) -> dict:
        return asdict(self) | {"status": "ok" if self.serving and not self.tick_late else "degraded"}


def check() -> Health:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = [
            f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())
        ]
    except DatabaseError:
        return Health(False, False, [], None, None, True)
    from .models import Heartbeat

    beat = Heartbeat.objects.filter(name="tick").first() if not pending else None
    lag = int((timezone.now() - beat.last_run_at).total_seconds()) if beat else None
    return Health(
        database=True,
        migrations_applied=not pending,
        pending_migrations=pending,
        tick_last_run_at=timezone.localtime(beat.last_run_at).isoformat() if beat else None,
        tick_lag_seconds=lag,
        tick_late=lag is None or lag > TICK_LATE_SECONDS,
    )
