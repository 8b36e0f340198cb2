"""The mediation ledger's work queues on the home page (registered in ``contributions.py``): what a mediator
needs each morning, within the mediation scope rule, most urgent first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from xinfang.clocks.models import soon_until
from xinfang.inbox.queues import Badge, Queue, Row, read_dated_queues

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
    """The home page's mediation queues at once (``inbox.queues.read_dated_queues``): their statement kept
    under the queues, the scope condition, the day and the warning days (the 调解期限 queue's)."""
    return read_dated_queues(
        user,
        keys,
        limit,
        size,
        model=Mediation,
        deadlines=DEADLINES,
        row_of=row_of,
        columns=COLUMNS,
        kept_under=(soon_until(timezone.localdate()),),
    )


HOME_QUEUES = [
    _queue("to_accept", 210),
    _queue("deadline", 220),
    _queue("performance_overdue", 230),
]
