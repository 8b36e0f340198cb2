"""The mediation ledger's work queues on the home page (registered in ``contributions.py``): what a mediator
needs each morning, within the mediation scope rule, most urgent first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils import timezone

from xinfang.clocks.models import soon_until
from xinfang.inbox.queues import Badge, Queue, Row
from xinfang.lib.compiled import values_rows
from xinfang.orgs.scoping import owned_parts

from .models import QUEUES, Mediation

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "mediations"
# Which deadline a queue is about: the rows are ordered by it and show it.
DEADLINES = {"to_accept": "settle_by", "deadline": "settle_by", "performance_overdue": "performance_due_on"}

COLUMNS = (
    "number",
    "received_on",
    "dispute_type",
    "status",
    "worker_names",
    "lapsed_on",
    "settle_by",
    "performance_due_on",
)


def _acts_on_mediations(user: User) -> bool:
    return user.can("mediations.mediate")


works_on_deadlines = _acts_on_mediations  # who has the 临期 queue of mediations' clocks


def row_of(m: Mediation, due_on=None) -> Row:
    return Row(
        pk=m.pk,
        number=m.number,
        link=m.get_absolute_url(),
        names=m.worker_names,
        what=m.get_dispute_type_display(),
        status=m.get_status_display(),
        received_on=m.received_on,
        badges=(Badge("已届满", "text-bg-warning"),) if m.lapsed_on else (),
        due_on=due_on,
    )


def deadline_rows(ids: list[int], user: User) -> list[Row]:
    """The cases (ids within the user's scope) of the core's deadline queues, in the order given."""
    found = {m.pk: m for m in Mediation.objects.filter(pk__in=ids).only(*COLUMNS)}
    return [row_of(found[pk]) for pk in ids if pk in found]


def _queue(name: str, order: int) -> Queue:
    deadline = DEADLINES[name]

    def waiting(user: User):
        return Mediation.objects.visible_to(user).in_queue(name, timezone.localdate())

    def count(user: User, limit: int) -> int:
        return waiting(user)[:limit].count()

    def rows(user: User, size: int) -> list[Row]:
        cases = waiting(user).only(*COLUMNS).order_by(deadline, "pk")[:size]
        return [row_of(m, getattr(m, deadline)) for m in cases]

    def link(user: User) -> str:
        return f"{reverse('mediations:list')}?queue={name}"

    return Queue(
        f"{LEDGER}.{name}",
        QUEUES[name],
        LEDGER,
        order,
        _acts_on_mediations,
        count,
        rows,
        link,
        read_group=read_together,
    )


def read_together(user: User, keys: list[str], limit: int, size: int) -> dict[str, tuple[int, list[Row]]]:
    """The home page's mediation queues at once (``Queue.read_group``): one ``UNION ALL`` of each queue's first
    ``limit`` cases (ordered by its deadline, as ``rows``), one query for the rows of all of them; the same counts
    and rows as ``count`` and ``rows``."""
    today = timezone.localdate()
    parts = owned_parts(user)  # Mediation.objects.visible_to, as conditions
    if not parts:
        return {key: (0, []) for key in keys}

    def build():
        sliced = connection.features.supports_slicing_ordering_in_compound  # else a LIMIT only in a subquery
        members = []
        for key in keys:
            name = key.removeprefix(f"{LEDGER}.")
            deadline = DEADLINES[name]
            waiting = Mediation.objects.filter(parts[0]).in_queue(name, today).order_by(deadline, "pk")
            if not sliced:
                waiting = Mediation.objects.filter(pk__in=waiting.values("pk")[:limit]).order_by()
            member = waiting.annotate(
                queue=Value(key, output_field=CharField()), deadline=F(deadline)
            ).values_list("queue", "pk", "deadline")
            members.append(member[:limit] if sliced else member)
        return members[0].union(*members[1:], all=True)

    # The statement is kept (``lib.compiled``) under every input it is built from: the queues, the scope
    # condition, the day and the warning days (the 调解期限 queue's).
    statement = ("mediations.queues", tuple(keys), limit, tuple(parts), today, soon_until(today))
    found: dict[str, list[tuple]] = {key: [] for key in keys}
    for key, pk, due_on in values_rows(statement, build) if keys else []:
        found[key].append((due_on, pk))
    first = {
        key: sorted(cases, key=lambda c: (c[0] is None, c[0] or today, c[1]))[:size]
        for key, cases in found.items()
    }
    wanted = {pk for cases in first.values() for _, pk in cases}
    cases = {m.pk: m for m in Mediation.objects.filter(pk__in=wanted).only(*COLUMNS)} if wanted else {}
    return {
        key: (len(found[key]), [row_of(cases[pk], due_on) for due_on, pk in first[key] if pk in cases])
        for key in keys
    }


HOME_QUEUES = [
    _queue("to_accept", 210),
    _queue("deadline", 220),
    _queue("performance_overdue", 230),
]
