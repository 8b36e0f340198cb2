"""``manage.py tick`` runs the jobs the ledgers registered (clocks/jobs.py), in order, and records its heartbeat."""

from io import StringIO

import pytest
from django.core.management import call_command

from xinfang.clocks import jobs
from xinfang.ops.models import Heartbeat


def run_tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_both_ledgers_register_their_jobs_in_order():
    names = [job.name for job in jobs.jobs()]
    assert names[:3] == ["petitions.lapsed_reviews", "petitions.clock_warnings", "mediations.lapses"]


def test_a_registered_job_runs_once_per_tick_and_its_result_is_printed_and_kept(db, monkeypatch):
    runs = []

    def count(now):
        runs.append(now)
        return f"测试任务第 {len(runs)} 次"

    monkeypatch.setattr(jobs, "JOBS", [*jobs.JOBS, jobs.Job(name="test.count", order=5, run=count)])
    first = run_tick()
    assert len(runs) == 1 and first.startswith("测试任务第 1 次；终结 0 件；临期 0 件")  # order 5 runs first
    assert "调解期限届满 0 件" in first
    assert "测试任务第 2 次" in run_tick() and len(runs) == 2
    assert Heartbeat.objects.get(name="tick").summary.startswith("测试任务第 2 次；")


def test_a_job_name_is_registered_once(monkeypatch):
    monkeypatch.setattr(jobs, "JOBS", [])
    jobs.register_job(jobs.Job(name="test.once", order=1, run=lambda now: ""))
    with pytest.raises(ValueError):
        jobs.register_job(jobs.Job(name="test.once", order=2, run=lambda now: ""))
