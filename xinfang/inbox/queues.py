"""The work-queue registry: what is waiting for a user, ledger by ledger (the home page's panels).

A ledger registers its queues in its ``contributions.py``; the workbench asks for the queues a user sees and renders
each with the same partial. A queue's rows are plain data (``Row``), so no page needs to know the ledger's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xinfang.accounts.models import User

COUNT_CAP = 99  # a queue badge says "99+": counting a long queue to its last row costs a scan of the queue
ROWS_PER_QUEUE = 6


@dataclass(frozen=True)
class Badge:
    """A short mark after a row's number (急, 督 …), with its Bootstrap badge class."""

    text: str
    style: str = "text-bg-danger"


@dataclass(frozen=True)
class Row:
    """One record waiting in a queue, as a panel shows it."""

    pk: int
    number: str
    link: str
    names: str  # the people on the record, as the user may see them
    what: str  # what it is about (a category, a type of dispute)
    status: str  # the status's label
    received_at: datetime | None = None  # when it came in: a moment, or …
    received_on: date | None = None  # … a day
    badges: tuple[Badge, ...] = ()
    due_on: date | None = None  # the deadline the queue is about, if it is about one


@dataclass(frozen=True)
class Queue:
    key: str  # unique among all queues, e.g. "petitions.to_decide"
    title: str  # the panel's title
    ledger: str  # the app label of the ledger it belongs to
    order: int  # panels are shown by this order: each ledger takes a hundred (petitions 100-199 …)
    shown_to: Callable[[User], bool]  # whether the user has this queue
    # How many are waiting, counted no further than the limit given; the first rows, at most the number given.
    # Both within the user's scope.
    count: Callable[[User, int], int]
    rows: Callable[[User, int], list[Row]]
    link: Callable[[User], str]  # the full list, filtered to the queue
    # Both at once, where one query can tell them (a short queue read from its small set): the count up to the
    # limit and the first rows. The home page uses it when given; ``count`` and ``rows`` stay for the rest.
    read: Callable[[User, int, int], tuple[int, list[Row]]] | None = None
    # Many queues at once: the home page gives every queue it shows with the same ``read_group`` to it in one call
    # (their keys, the limit, the rows per queue), which returns each one's count and first rows by key, e.g. in
    # one query for all their counts and first ids and one for their rows, instead of a query or two per queue.
    read_group: Callable[[User, list[str], int, int], dict[str, tuple[int, list[Row]]]] | None = None


def read_queue(queue: Queue, user: User) -> tuple[str, list[Row]]:
    """A queue's badge and first rows as the home page shows them."""
    if queue.read is not None:
        count, rows = queue.read(user, COUNT_CAP + 1, ROWS_PER_QUEUE)
    else:
        count, rows = queue.count(user, COUNT_CAP + 1), queue.rows(user, ROWS_PER_QUEUE)
    return shown_count(count), rows


def read_queues(queues: list[Queue], user: User) -> list[tuple[Queue, str, list[Row]]]:
    """Each queue with its badge and first rows as the home page shows them, the queues sharing a ``read_group``
    read together."""
    groups: dict[Callable, list[str]] = {}
    for queue in queues:
        if queue.read_group is not None:
            groups.setdefault(queue.read_group, []).append(queue.key)
    found: dict[str, tuple[str, list[Row]]] = {}
    for read_group, keys in groups.items():
        for key, (count, rows) in read_group(user, keys, COUNT_CAP + 1, ROWS_PER_QUEUE).items():
            found[key] = (shown_count(count), rows)
    return [
        (queue, *(found[queue.key] if queue.key in found else read_queue(queue, user))) for queue in queues
    ]


QUEUES: list[Queue] = []


def register_queue(*queues: Queue) -> None:
    """Add queues to the registry; a queue registered again under its key replaces the earlier one."""
    for queue in queues:
        QUEUES[:] = [q for q in QUEUES if q.key != queue.key]
        QUEUES.append(queue)


def queues_for(user: User) -> list[Queue]:
    """The queues the user has, in their order."""
    return sorted((q for q in QUEUES if q.shown_to(user)), key=lambda q: (q.order, q.key))


def shown_count(count: int) -> str:
    """A queue's count as its badge shows it: "99+" past the cap."""
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


def read_dated_queues(
    user: User,
    keys: list[str],
    limit: int,
    size: int,
    *,
    model,
    deadlines: dict[str, str],
    row_of: Callable,
    columns: tuple[str, ...],
    kept_under: tuple = (),
) -> dict[str, tuple[int, list[Row]]]:
    """A ledger's home-page queues at once (``Queue.read_group``), for a model owned by organisations whose queryset
    has ``in_queue(name, today)``, each queue ordered by its own date (``deadlines``: queue name → date field): one
    ``UNION ALL`` of each queue's first ``limit`` records (of which only the first ``size`` come back, with the
    queue's count), its statement kept (``lib.compiled``) under the queues, the scope condition, the day and
    ``kept_under`` (whatever else the queues' filters read), and one query for the rows of all of them; the same
    counts and rows as each queue's ``count`` and ``rows``."""
    from django.db import connection
    from django.db.models import CharField, F, Value
    from django.utils import timezone

    from xinfang.lib.compiled import FirstOfEach, values_rows
    from xinfang.orgs.scoping import owned_parts

    today = timezone.localdate()
    parts = owned_parts(user)  # the model's visible_to, as conditions
    if not parts:
        return {key: (0, []) for key in keys}

    def build():
        sliced = connection.features.supports_slicing_ordering_in_compound  # else a LIMIT only in a subquery
        members = []
        for key in keys:
            name = key.split(".", 1)[1]
            deadline = deadlines[name]
            waiting = model.objects.filter(parts[0]).in_queue(name, today).order_by(deadline, "pk")
            if not sliced:
                waiting = model.objects.filter(pk__in=waiting.values("pk")[:limit]).order_by()
            member = waiting.annotate(
                queue=Value(key, output_field=CharField()), deadline=F(deadline)
            ).values_list("queue", "pk", "deadline")
            members.append(member[:limit] if sliced else member)
        return members[0].union(*members[1:], all=True)

    statement = (model._meta.label, tuple(keys), limit, tuple(parts), today, *kept_under)
    # Only each queue's first rows come back, with the queue's count beside them.
    first = FirstOfEach(group="queue", order=("deadline", "pk"), size=size)
    found: dict[str, list[tuple]] = {key: [] for key in keys}
    counts = dict.fromkeys(keys, 0)
    for key, pk, due_on, count in values_rows(statement, build, first) if keys else []:
        found[key].append((due_on, pk))
        counts[key] = count
    ordered = {
        key: sorted(rows, key=lambda r: (r[0] is None, r[0] or today, r[1])) for key, rows in found.items()
    }
    wanted = {pk for rows in ordered.values() for _, pk in rows}
    records = {r.pk: r for r in model.objects.filter(pk__in=wanted).only(*columns)} if wanted else {}
    return {
        key: (counts[key], [row_of(records[pk], due_on) for due_on, pk in ordered[key] if pk in records])
        for key in keys
    }
