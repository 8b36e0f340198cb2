"""The home page's 临期 and 超期 queues over every registered clock table, and the deadline list they link to.

Both walk each table's running-clock index by due date with the ledger's scope rule checked per clock (its
``scope`` as join conditions, one query per disjoint part), so they cost a few milliseconds however many clocks
run; the records are then shown as the ledger makes its queue rows. A record is in one queue only, at its most
urgent clock (the earliest due of its watched clocks): a case with one clock overdue and another due soon is 超期,
not both; the panels, their counts and the deadline list they link to show the same records, one row each.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.queues import Queue, Row
from xinfang.lib.compiled import FirstOfEach, values_rows

from .models import ClockQuerySet, soon_until
from .registry import ClockTable, clock_tables

if TYPE_CHECKING:
    from xinfang.accounts.models import User

SOON, OVERDUE = "soon", "overdue"
TITLES = {SOON: "临期", OVERDUE: "超期"}


def tables_for(user: User, due: str) -> list[tuple[int, ClockTable]]:
    """The clock tables whose deadlines the user has in this queue, numbered in the registry's order: the 临期
    queue of the ledgers the user works on, the 超期 queue of every ledger (leaders supervise overdue work)."""
    return [(i, t) for i, t in enumerate(clock_tables()) if due == OVERDUE or t.shown_to(user)]


class Window:
    """The due clocks of a queue as of today (the warning days read once)."""

    def __init__(self, due: str):
        self.due = due
        self.today = timezone.localdate()
        self.until = soon_until(self.today) if due == SOON else None

    def clocks(self, table: ClockTable) -> ClockQuerySet:
        """The clocks of the window that are their record's most urgent (no watched clock of the same record is
        due earlier, or the same day with a lower id): one per record."""
        earlier = table.model.objects.watched().filter(
            Q(due_on__lt=OuterRef("due_on")) | Q(due_on=OuterRef("due_on"), pk__lt=OuterRef("pk")),
            **{table.record: OuterRef(table.record)},
        )
        return table.model.objects.due(self.due, self.today, self.until).filter(~Exists(earlier))


def clock_parts(table: ClockTable, user: User) -> list[Q]:
    """The table's scope rule as disjoint conditions on its clocks: on the clocks' copied scope columns where the
    table keeps them (an ordered seek on ``watched_clock_indexes``), else through the record."""
    if table.clock_scope is not None:
        return table.clock_scope(user)
    return table.scope(user, f"{table.record}__")


def count_due(user: User, due: str, limit: int) -> int:
    """How many records in the user's scope have a clock in the queue, counted no further than ``limit``."""
    window = Window(due)
    total = 0
    for _, table in tables_for(user, due):
        for q in clock_parts(table, user):
            total += window.clocks(table).filter(q)[:limit].count()
            if total >= limit:
                return total
    return total


def due_rows(user: User, due: str, size: int) -> list[Row]:
    """The queue's first rows, most urgent first, each showing its record's earliest due date in the queue."""
    window = Window(due)
    earliest: dict[tuple[int, int], date] = {}
    tables = dict(tables_for(user, due))
    for i, table in tables.items():
        for q in clock_parts(table, user):
            clocks = (
                window.clocks(table).filter(q).order_by("due_on", "pk").values_list(table.record, "due_on")
            )
            for record_id, due_on in clocks[: size * 2]:
                earliest.setdefault((i, record_id), due_on)
    first = sorted(earliest, key=lambda key: (earliest[key], key))[:size]
    shown: dict[tuple[int, int], Row] = {}
    for i, table in tables.items():
        ids = [record_id for j, record_id in first if j == i]
        if ids:
            shown |= {(i, row.pk): row for row in table.rows(ids, user)}
    return [replace(shown[key], due_on=earliest[key]) for key in first if key in shown]


def read_due(user: User, due: str, limit: int, size: int) -> tuple[int, list[Row]]:
    """The queue's count (up to ``limit``) and first rows in one query per table and scope part: each part is an
    ordered seek on the clocks' copied scope columns (``clock_parts``), the parts are disjoint, and each clock is
    its record's most urgent, so the clocks counted are the records."""
    window = Window(due)
    earliest: dict[tuple[int, int], date] = {}
    total = 0
    tables = dict(tables_for(user, due))
    for i, table in tables.items():
        for part in clock_parts(table, user):
            clocks = (
                window.clocks(table).filter(part).order_by("due_on", "pk").values_list(table.record, "due_on")
            )
            found = list(clocks[:limit])  # the rows must be the most urgent of every part
            total += len(found)
            for record_id, due_on in found:
                earliest.setdefault((i, record_id), due_on)
    first = sorted(earliest, key=lambda key: (earliest[key], key))[:size]
    shown: dict[tuple[int, int], Row] = {}
    for i, table in tables.items():
        ids = [record_id for j, record_id in first if j == i]
        if ids:
            shown |= {(i, row.pk): row for row in table.rows(ids, user)}
    return total, [replace(shown[key], due_on=earliest[key]) for key in first if key in shown]


def read_together(user: User, keys: list[str], limit: int, size: int) -> dict[str, tuple[int, list[Row]]]:
    """The 临期 and 超期 queues at once (``Queue.read_group``): the warning days and each table's scope parts
    read once, the clocks of every queue, table and part in one ``UNION ALL`` (each member the capped, ordered
    seek ``read_due`` runs; only each queue's first ``size`` come back, with its count), the rows of each table
    once. The same counts and rows as ``read_due``."""
    dues = {key: due for key, due in KEYS.items() if key in keys}
    windows = {key: Window(due) for key, due in dues.items()}
    tables_of = {key: tables_for(user, due) for key, due in dues.items()}
    parts: dict[int, list[Q]] = {}
    for key in dues:
        for i, table in tables_of[key]:
            if i not in parts:
                parts[i] = clock_parts(table, user)

    def build():
        sliced = connection.features.supports_slicing_ordering_in_compound  # else a LIMIT only in a subquery
        members = []
        for key in dues:
            for i, table in tables_of[key]:
                for part in parts[i]:
                    clocks = windows[key].clocks(table).filter(part).order_by("due_on", "pk")
                    if not sliced:
                        clocks = table.model.objects.filter(pk__in=clocks.values("pk")[:limit]).order_by()
                    member = clocks.annotate(
                        queue=Value(key, output_field=CharField()),
                        table=Value(i, output_field=IntegerField()),
                        record=F(table.record),
                    ).values_list("queue", "table", "record", "due_on")
                    members.append(member[:limit] if sliced else member)
        return members[0].union(*members[1:], all=True) if members else None

    # The statement is kept (``lib.compiled``) under every input it is built from: each queue's window and
    # tables, and the tables' scope conditions (the assigned records among them).
    statement = (
        "clocks.queues",
        limit,
        tuple(
            (key, windows[key].today, windows[key].until, tuple(i for i, _ in tables_of[key])) for key in dues
        ),
        tuple((i, tuple(qs)) for i, qs in sorted(parts.items())),
    )
    # Only each queue's first clocks come back, with the queue's count beside them.
    most_urgent = FirstOfEach(group="queue", order=("due_on", "table", "record"), size=size)
    found: dict[str, dict[tuple[int, int], date]] = {key: {} for key in dues}
    counts = dict.fromkeys(dues, 0)
    has_members = any(parts[i] for key in dues for i, _ in tables_of[key])
    for key, i, record_id, due_on, count in values_rows(statement, build, most_urgent) if has_members else []:
        found[key][(i, record_id)] = due_on  # one clock per record: its most urgent
        counts[key] = count
    first = {key: sorted(clocks, key=lambda k: (clocks[k], k)) for key, clocks in found.items()}
    tables = dict(enumerate(clock_tables()))
    shown: dict[tuple[int, int], Row] = {}
    for i, table in tables.items():
        ids = list(dict.fromkeys(record_id for keys_ in first.values() for j, record_id in keys_ if j == i))
        if ids:
            shown |= {(i, row.pk): row for row in table.rows(ids, user)}
    return {
        key: (counts[key], [replace(shown[k], due_on=found[key][k]) for k in first[key] if k in shown])
        for key in dues
    }


def _key(due: str) -> str:
    return f"clocks.{'due_soon' if due == SOON else due}"


KEYS = {_key(SOON): SOON, _key(OVERDUE): OVERDUE}


def _queue(due: str, order: int) -> Queue:
    return Queue(
        key=_key(due),
        title=TITLES[due],
        ledger="clocks",
        order=order,  # between the petitions' 办理中 (130) and 待评价 (160), where they were before
        shown_to=lambda user: bool(tables_for(user, due)),
        count=lambda user, limit: count_due(user, due, limit),
        rows=lambda user, size: due_rows(user, due, size),
        link=lambda user: f"{reverse('clocks:due')}?due={due}",
        read=lambda user, limit, size: read_due(user, due, limit, size),
        read_group=read_together,
    )


HOME_QUEUES = [_queue(SOON, 140), _queue(OVERDUE, 150)]


@dataclass(frozen=True)
class DueClock:
    """One clock on the deadline list."""

    due_on: date
    what: str  # the clock, as events name it
    ledger: str  # the ledger's name
    row: Row  # its record


def _after(position: tuple[date, int, int], i: int) -> Q:
    """Clocks of table ``i`` after the cursor (due date, table number, clock id), in the list's order."""
    on, table, pk = position
    if i > table:
        return Q(due_on__gte=on)
    if i < table:
        return Q(due_on__gt=on)
    return Q(due_on__gt=on) | Q(due_on=on, pk__gt=pk)


def decode_cursor(cursor: str) -> tuple[date, int, int] | None:
    """None for a cursor that does not parse: the list starts from the top."""
    try:
        on, table, pk = cursor.split("_")
        return date.fromisoformat(on), int(table), int(pk)
    except ValueError:
        return None


def due_page(user: User, due: str, cursor: str | None, size: int) -> tuple[list[DueClock], str | None]:
    """A page of the deadline list: the records of the queue in the user's scope, each at its most urgent clock,
    most urgent first (size + 1 clocks from each part, merged), and the cursor of the next page."""
    window = Window(due)
    position = decode_cursor(cursor) if cursor else None
    found = []
    tables = dict(tables_for(user, due))
    for i, table in tables.items():
        clocks = window.clocks(table).select_related(*table.related)
        if position:
            clocks = clocks.filter(_after(position, i))
        for q in clock_parts(table, user):
            found += [(c.due_on, i, c.pk, c) for c in clocks.filter(q).order_by("due_on", "pk")[: size + 1]]
    found.sort(key=lambda f: f[:3])
    page = found[:size]
    rows: dict[tuple[int, int], Row] = {}
    for i, table in tables.items():
        ids = list(dict.fromkeys(getattr(c, f"{table.record}_id") for _, j, _, c in page if j == i))
        if ids:
            rows |= {(i, row.pk): row for row in table.rows(ids, user)}
    items = [
        DueClock(on, tables[i].describe(c), tables[i].title, rows[(i, getattr(c, f"{tables[i].record}_id"))])
        for on, i, _, c in page
        if (i, getattr(c, f"{tables[i].record}_id")) in rows
    ]
    last = page[-1] if len(found) > size else None
    return items, (f"{last[0].isoformat()}_{last[1]}_{last[2]}" if last else None)
