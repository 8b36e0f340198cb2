"""What the mediations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from xinfang.clocks.jobs import Job, register_job
from xinfang.ops.demo import DemoPart, register_demo_part

from . import demo
from .actions import note_lapses


def _lapses(now: datetime) -> str:
    lapsed, overdue = note_lapses(timezone.localdate(now))
    return f"调解期限届满 {lapsed} 件，协议逾期未履行 {overdue} 件"


register_job(Job(name="mediations.lapses", order=30, run=_lapses))
register_demo_part(DemoPart(name="mediations", order=20, build=demo.build_demo))
