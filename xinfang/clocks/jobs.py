"""The periodic jobs that ``manage.py tick`` runs (docs/architecture.md, "Registries").

A ledger registers its jobs from its ``contributions`` module; ``tick`` runs them in ``order`` and never names a
ledger. A job takes the moment of the run and returns its one-line result (in Chinese: it is printed and kept in
the heartbeat that 运行状态 shows). It must be idempotent and safe to run twice at once: it claims each row it
acts on with a conditional UPDATE, in a transaction of its own, so that two runs act on each row once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Job:
    name: str  # unique, in English: "petitions.clock_warnings"
    order: int  # jobs run by order, then name
    run: Callable[[datetime], str]


JOBS: list[Job] = []


def register_job(job: Job) -> None:
    if any(j.name == job.name for j in JOBS):
        raise ValueError(f"tick job {job.name!r} is registered twice")
    JOBS.append(job)


def jobs() -> list[Job]:
    """The registered jobs in the order they run."""
    return sorted(JOBS, key=lambda j: (j.order, j.name))
