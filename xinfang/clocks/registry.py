"""The clock registry: every ledger's clock table (docs/architecture.md, "Clocks").

A ledger keeps its statutory time limits in a concrete clock table (``AbstractClock`` with a foreign key to its
record) and registers it here from its ``contributions.py``, with what the core needs to speak about it: how to
record an event on the record, whose staff to remind, its scope rule for the deadline queues, its records as queue
rows, and its ``tick`` job. The core then iterates the registered tables: a change of the holiday calendar
recomputes their running clocks, ``tick`` notes their due-soon and overdue clocks, the home page's 临期 and 超期
queues and the deadline list show them, all without naming a ledger.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from xinfang.orgs.scoping import owned_parts

from .jobs import Job, register_job
from .models import AbstractClock
from .scope import owned_clock_q

if TYPE_CHECKING:
    from xinfang.accounts.models import User
    from xinfang.inbox.queues import Row
    from xinfang.orgs.models import Org


class Happening(StrEnum):
    """What happens to a clock; each is recorded as an event on its record by the ledger's ``record_event``."""

    STARTED = "started"
    RECOMPUTED = "recomputed"  # the holiday calendar changed
    PAUSED = "paused"
    RESUMED = "resumed"
    DUE_SOON = "due_soon"  # noted once by tick, with reminders
    OVERDUE = "overdue"  # noted once by tick, with reminders


@dataclass(frozen=True)
class ClockNote:
    """A happening as the core words it: the ledger writes it as an event on the clock's record."""

    clock: Any  # an instance of the table's model
    record: Any  # the record the clock runs on
    happening: Happening
    summary: str  # the core's wording, at most 200 characters
    changes: dict[str, Any]
    by: User | None
    on: date  # the day it happened


# Counts of a tick run: (happening, clock kind) -> how many clocks were noted.
Noted = Counter[tuple[str, str]]


def report_counts(noted: Noted) -> str:
    """A tick job's one-line result: how many clocks were noted due soon and overdue."""
    soon = sum(n for (happening, _), n in noted.items() if happening == Happening.DUE_SOON)
    overdue = sum(n for (happening, _), n in noted.items() if happening == Happening.OVERDUE)
    return f"临期 {soon} 件，超期 {overdue} 件"


def kind_label(clock: AbstractClock) -> str:
    return clock.kind_label


@dataclass(frozen=True)
class ClockTable:
    model: type[AbstractClock]  # the concrete clock table
    record: str  # its foreign key to the record ("petition"); the record has a number (str) and a page
    title: str  # the ledger's name on the deadline list ("信访", "劳动争议调解")
    # Writes a happening as an event on the record, in the caller's transaction; returns the summary it wrote
    # (a reminder repeats it), or None when the ledger records nothing for it (its step's own event says it).
    # Whatever else the ledger does when it happens belongs here too (a lapsed mediation offers arbitration).
    record_event: Callable[[ClockNote], str | None]
    unit: Callable[[Any], Org]  # whose handlers and approvers are reminded about a clock (``unit_staff``)
    # The record scope rule as disjoint conditions (``visible_parts``), on the path given ("" on the records,
    # "petition__" on the clocks), so that a queue can walk the running-clock index and check the scope per row.
    scope: Callable[[User, str], list[Q]]
    rows: Callable[[list[int], User], list[Row]]  # the records (ids, in the user's scope) as queue rows
    shown_to: Callable[[User], bool]  # who works on these deadlines: the 临期 queue (超期 is shown to all)
    job: str  # the name of its tick job (clocks/jobs.py) …
    order: int  # … and its place among the jobs
    report: Callable[[Noted], str] = report_counts  # the job's one-line result
    request_windows: frozenset[str] = frozenset()  # kinds that end the case when they lapse: never noted
    describe: Callable[[Any], str] = kind_label  # the clock as events name it ("交办办理期限（东湖街道）")
    related: tuple[str, ...] = field(default=())  # select_related for describe and unit ("petition__org" …)
    # The scope rule as disjoint conditions on the clock's own columns: its copy of the record's scope columns
    # (``org_level1..4``, see ``clocks/scope.py``) and its foreign key. Given, the core keeps the copy (the record
    # must be ``OrgScoped``) and the deadline queues seek one scope's clocks on their index; not given, they walk
    # the running clocks and check ``scope`` through the record.
    clock_scope: Callable[[User], list[Q]] | None = None

    @property
    def record_model(self) -> Any:
        return self.model._meta.get_field(self.record).related_model

    def record_of(self, clock: AbstractClock) -> Any:
        return getattr(clock, self.record)


def owned_record_clocks(*, record: str, **table: Any) -> ClockTable:
    """The clock table of a ledger whose clocks run on one record owned by one organisation (``OrgScoped``: its
    ``org`` and scope columns), as mediations and contracts are: the record's organisation's staff are reminded,
    the scope rule is the record's (``owned_parts``) and the clocks keep a copy of its scope columns
    (``clock_scope``). ``table``: the rest of the ``ClockTable`` (model, title, record_event, rows, shown_to, job,
    order, report …)."""

    def clock_scope(user: User) -> list[Q]:
        org = user.org if user.is_authenticated else None
        return [] if org is None else [owned_clock_q(org, record)]

    return ClockTable(
        record=record,
        unit=lambda clock: getattr(clock, record).org,
        scope=owned_parts,
        related=(f"{record}__org",),
        clock_scope=clock_scope,
        **table,
    )


CLOCK_TABLES: list[ClockTable] = []


def register_clocks(table: ClockTable) -> None:
    """Register a ledger's clock table, and the ``tick`` job that notes its due-soon and overdue clocks."""
    if any(t.model is table.model for t in CLOCK_TABLES):
        raise ValueError(f"clock table {table.model._meta.label} is registered twice")
    CLOCK_TABLES.append(table)
    if table.clock_scope is not None:
        from django.db.models.signals import post_save

        from .scope import record_saved

        post_save.connect(
            record_saved(table),
            sender=table.record_model,
            weak=False,
            dispatch_uid=f"clocks.scope.{table.job}",
        )

    def run(now: datetime) -> str:
        from .actions import note_deadlines

        return table.report(note_deadlines(table=table, now=now))

    register_job(Job(name=table.job, order=table.order, run=run))


def table_for(model: type[AbstractClock]) -> ClockTable:
    """The registration of a clock table, for a ledger's steps that start and stop its clocks."""
    for table in CLOCK_TABLES:
        if table.model is model:
            return table
    raise LookupError(f"clock table {model._meta.label} is not registered")


def clock_tables() -> list[ClockTable]:
    """The registered clock tables, in the order of their jobs."""
    return sorted(CLOCK_TABLES, key=lambda t: (t.order, t.job))
