"""/healthz for the load balancer and the monitoring, and the administrator's page."""

import io
from datetime import timedelta

from django.core.management import call_command

from xinfang.ops import health
from xinfang.ops.models import Heartbeat


def test_healthz_reports_a_tick_that_never_ran_as_degraded_but_serving(client, db):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["database"] and body["migrations_applied"] and body["pending_migrations"] == []
    assert body["tick_last_run_at"] is None and body["tick_late"] and body["status"] == "degraded"


def test_tick_run_makes_healthz_ok_with_its_lag(client, db, frozen_clock):
    call_command("tick", stdout=io.StringIO())
    frozen_clock.shift(timedelta(seconds=90))
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and not body["tick_late"]
    assert 90 <= body["tick_lag_seconds"] < 100
    frozen_clock.shift(timedelta(seconds=health.TICK_LATE_SECONDS))
    late = client.get("/healthz").json()
    assert late["tick_late"] and late["status"] == "degraded"


def test_healthz_answers_503_when_migrations_are_pending(client, db, monkeypatch):
    monkeypatch.setattr(
        health.MigrationExecutor,
        "migration_plan",
        lambda self, targets: [(type("M", (), {"app_label": "x", "name": "0002_y"})(), False)],
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending_migrations"] == ["x.0002_y"]


def test_two_tick_runs_keep_one_heartbeat(db):
    call_command("tick", stdout=io.StringIO())
    call_command("tick", stdout=io.StringIO())
    assert Heartbeat.objects.filter(name="tick").count() == 1


def test_health_page_is_for_administrators(client, administrator, handler):
    client.force_login(handler)
    assert client.get("/ops/health/").status_code == 302  # to the admin login
    client.force_login(administrator)
    page = client.get("/ops/health/").content.decode()
    assert "数据库" in page and "从未运行" in page
