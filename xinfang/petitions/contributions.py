"""What the petitions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from datetime import datetime

from xinfang.clocks.jobs import Job, register_job
from xinfang.ops.demo import DemoPart, register_demo_part

from .actions.clocks import note_clock_warnings
from .actions.reviews import terminate_lapsed_reviews
from .demo import build as demo


def _clock_warnings(now: datetime) -> str:
    due_soon, overdue = note_clock_warnings(now)
    return f"临期 {due_soon} 件，超期 {overdue} 件"


def _lapsed_reviews(now: datetime) -> str:
    return f"终结 {terminate_lapsed_reviews(now)} 件"


register_job(Job(name="petitions.clock_warnings", order=10, run=_clock_warnings))
register_job(Job(name="petitions.lapsed_reviews", order=20, run=_lapsed_reviews))
register_demo_part(DemoPart(name="petitions", order=10, build=demo.build_demo))
