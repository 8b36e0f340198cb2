"""The petition ledger's work queues on the home page (registered in ``contributions.py``).

Each queue is counted and paged over the scope's disjoint parts (``visible_parts``): one count over the OR of the
rule took 400 ms on PostgreSQL for a committee, each part alone is an ordered index seek. The 临期 and 超期 queues
are the core's, over every ledger's clocks (``clocks/queues.py``): the petitions give them their rows
(``deadline_rows``) and say who works on them (``works_on_deadlines``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, Value
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.queues import Badge, Queue, Row
from xinfang.lib.compiled import FirstOfEach, values_rows
from xinfang.lib.keyset import paginate_parts

from .models import Petition, PetitionQuerySet, show_names
from .models.petition import QUEUES, RARE_QUEUES, WAITING_QUEUES, visible_part_qs

# Queues read from a small set (``Queue.read``): every named queue but 待受理, which holds most new petitions.
SMALL_QUEUES = RARE_QUEUES | WAITING_QUEUES | {"to_take", "urgent"}

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "petitions"

Filter = Callable[[PetitionQuerySet, "User"], PetitionQuerySet]


def _for_rows(petitions: PetitionQuerySet) -> PetitionQuerySet:
    """Only what ``rows_of`` shows and ``show_names`` reads: fewer columns and joins than a list's ``for_list``."""
    return petitions.select_related("category").only(
        "number",
        "received_at",
        "status",
        "is_urgent",
        "supervised_at",
        "is_confidential",
        "petitioner_names",
        "registered_by_id",
        "org_id",
        "category__name",
    )


def rows_of(petitions: list[Petition], user: User) -> list[Row]:
    """Petitions as queue rows: names only where the user may see them (one query at most)."""
    show_names(petitions, user)
    return [
        Row(
            pk=p.pk,
            number=p.number,
            link=p.get_absolute_url(),
            names=p.shown_names,  # type: ignore[attr-defined]
            what=p.category.name,
            status=p.get_status_display(),
            received_at=p.received_at,
            badges=tuple(
                badge
                for badge, shown in (
                    (Badge("急", "badge-urgent"), p.is_urgent),
                    (Badge("督"), p.supervised_at),
                )
                if shown
            ),
        )
        for p in petitions
    ]


def _list_link(query: Callable[[User], str]) -> Callable[[User], str]:
    return lambda user: f"{reverse('petitions:list')}?{query(user)}"


def _queue(
    key: str,
    title: str,
    order: int,
    shown_to,
    queue: Filter,
    query: Callable[[User], str],
    *,
    small: bool = False,
) -> Queue:
    """A queue that is a filter of the petitions in scope, newest first. A ``small`` queue (its filter drives
    from a small set: a few statuses, pending assignments, undecided requests) is read in one query, its count
    and first rows at once, under the whole scope rule; a large one (待受理 …) is counted and paged over the
    scope's disjoint parts, each an ordered index seek."""

    def count(user: User, limit: int) -> int:
        return sum(queue(part, user)[:limit].count() for part in Petition.objects.visible_parts(user))

    def rows(user: User, size: int) -> list[Row]:
        parts = [_for_rows(queue(part, user)) for part in Petition.objects.visible_parts(user)]
        return rows_of(paginate_parts(parts, field="received_at", cursor=None, size=size).items, user)

    def read(user: User, limit: int, size: int) -> tuple[int, list[Row]]:
        waiting = queue(Petition.objects.visible_to(user), user).order_by("-received_at", "-pk")
        ids = list(waiting.values_list("pk", flat=True)[:limit])
        return len(ids), deadline_rows(ids[:size], user) if ids else []

    GROUPED[f"{LEDGER}.{key}"] = (queue, small)
    return Queue(
        f"{LEDGER}.{key}",
        title,
        LEDGER,
        order,
        shown_to,
        count,
        rows,
        _list_link(query),
        read if small else None,
        read_together,
    )


# The home page's petition queues by key: their filter, and whether it drives from a small set.
GROUPED: dict[str, tuple[Filter, bool]] = {}


def read_together(user: User, keys: list[str], limit: int, size: int) -> dict[str, tuple[int, list[Row]]]:
    """The home page's petition queues at once (``Queue.read_group``): one query for the first ``limit`` ids of
    each queue in each scope part it is read over (a ``UNION ALL``; each member the same capped, ordered seek as
    ``count`` and ``read`` run alone; only each queue's first ``size`` come back, with its count), one for the
    first rows of all of them, and one for the assigned petitions (the scope rule is built once, with them as a
    list: compiling it for every member cost more than the SQL). Each queue counts the same set as its list: the
    parts are disjoint, so the ids of a queue's parts add up."""
    part_qs = visible_part_qs(user, read_assigned=True)
    if not part_qs:
        return {key: (0, []) for key in keys}

    def build():
        parts = [Petition.objects.filter(q) for q in part_qs]
        whole = parts[0] if len(parts) == 1 else parts[0] | parts[1]
        # PostgreSQL takes a LIMIT in each member of a UNION; SQLite only in a subquery, so each member is wrapped.
        sliced = connection.features.supports_slicing_ordering_in_compound
        members = []
        for key in keys:
            queue, small = GROUPED[key]
            for part in [whole] if small else parts:
                first = queue(part, user).order_by("-received_at", "-pk")
                if not sliced:
                    first = Petition.objects.filter(pk__in=first.values("pk")[:limit]).order_by()
                member = first.annotate(queue=Value(key, output_field=CharField())).values_list(
                    "queue", "pk", "received_at"
                )
                members.append(member[:limit] if sliced else member)
        return members[0].union(*members[1:], all=True)

    # The statement is kept (``lib.compiled``) under every input it is built from: the queues, the scope
    # conditions (the assigned petitions among them), and what the queues' filters read of the user and the day.
    statement = ("petitions.queues", tuple(keys), limit, tuple(part_qs), user.pk, user.org_id, _today_start())
    # Only each queue's first rows come back, with the queue's count beside them.
    first = FirstOfEach(group="queue", order=("-received_at", "-pk"), size=size)
    waiting: dict[str, list[tuple[datetime, int]]] = {key: [] for key in keys}
    counts = dict.fromkeys(keys, 0)
    for key, pk, received_at, count in values_rows(statement, build, first) if keys else []:
        waiting[key].append((received_at, pk))
        counts[key] = count
    first_ids = {key: [pk for _, pk in sorted(found, reverse=True)] for key, found in waiting.items()}
    wanted = {pk for ids in first_ids.values() for pk in ids}
    petitions = list(_for_rows(Petition.objects.filter(pk__in=wanted))) if wanted else []
    rows = {row.pk: row for row in rows_of(petitions, user)}
    return {key: (counts[key], [rows[pk] for pk in first_ids[key] if pk in rows]) for key in keys}


def deadline_rows(ids: list[int], user: User) -> list[Row]:
    """The petitions (ids within the user's scope) of the core's deadline queues, in the order given."""
    found = {p.pk: p for p in _for_rows(Petition.objects.filter(pk__in=ids))}
    return rows_of([found[pk] for pk in ids if pk in found], user)


def _today_start() -> datetime:
    return datetime.combine(timezone.localdate(), time.min, timezone.get_current_timezone())


def _staff(user: User) -> bool:
    return user.can("petitions.record")


works_on_deadlines = _staff  # who has the 临期 queue of petitions' clocks


def _deciders(user: User) -> bool:
    return user.can("petitions.decide")


def _named(name: str, order: int, shown_to) -> Queue:
    """One of the named work queues of the list's filter (``QUEUES``), under its label."""
    return _queue(
        name,
        QUEUES[name],
        order,
        shown_to,
        lambda qs, u: qs.in_queue(name, u),
        lambda u: f"queue={name}",
        small=name in SMALL_QUEUES,
    )


def _approvers(user: User) -> bool:
    return user.can("petitions.approve")


def _leads(user: User) -> bool:
    return user.can("petitions.urgent_reports")


HOME_QUEUES = [
    # The leaders' first queue: the urgent cases they are told of (the same set as everyone's 紧急重大).
    _queue(
        "urgent_reported",
        QUEUES["urgent"],
        101,
        _leads,
        lambda qs, u: qs.in_queue("urgent", u),
        lambda u: "queue=urgent",
        small=True,
    ),
    # What waits for this user's decision first: an extension, a 不满意 rating, a review of the user's union.
    _named("extension_pending", 102, _approvers),
    _named("dissatisfied", 104, _approvers),
    _named("to_review", 106, _deciders),
    _named("to_decide", 110, _staff),
    _named("to_take", 120, _staff),
    _named("returned", 125, _deciders),
    _named("in_handling", 130, _deciders),
    _named("awaiting_rating", 160, _staff),
    _named("in_review", 170, lambda u: u.can("petitions.follow_reviews")),
    _named("urgent", 180, lambda u: not _leads(u)),
    _queue(
        "registered_today",
        "我今天登记的",
        190,
        lambda u: u.can("petitions.desk_queue"),
        lambda qs, u: qs.filter(registered_by=u, registered_at__gte=_today_start()),
        lambda u: f"received_from={timezone.localdate():%Y-%m-%d}",
    ),
]
