"""The collective-contract ledger's work queues on the home page (registered in ``contributions.py``): contracts
to file, contracts under review, contracts in their last 3 months — within the contract scope rule, most urgent
first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.queues import Badge, Queue, Row, read_dated_queues

from .abilities import RECORD
from .models import QUEUES, Contract

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "contracts"
# Which date a queue is about: the rows are ordered by it and show it.
DEADLINES = {"filing_due": "filing_due_on", "in_review": "review_ends_on", "expiring": "ends_on"}

COLUMNS = (
    "number",
    "contract_type",
    "kind",
    "status",
    "employer_side",
    "signed_on",
    "filing_due_on",
    "review_ends_on",
    "ends_on",
)


def works_on_contracts(user: User) -> bool:
    return user.can(RECORD)


def row_of(c: Contract, due_on=None) -> Row:
    today = timezone.localdate()
    late = c.status == "signed" and c.filing_due_on < today
    return Row(
        pk=c.pk,
        number=c.number,
        link=c.get_absolute_url(),
        names=c.employer_side,
        what=c.type_label,
        status=c.get_status_display(),
        received_on=c.signed_on,
        badges=(Badge("逾期未报送", "text-bg-warning"),) if late else (),
        due_on=due_on,
    )


def deadline_rows(ids: list[int], user: User) -> list[Row]:
    """The contracts (ids within the user's scope) of the core's deadline queues, in the order given."""
    found = {c.pk: c for c in Contract.objects.filter(pk__in=ids).only(*COLUMNS)}
    return [row_of(found[pk]) for pk in ids if pk in found]


def _queue(name: str, order: int) -> Queue:
    deadline = DEADLINES[name]

    def waiting(user: User):
        return Contract.objects.visible_to(user).in_queue(name, timezone.localdate())

    def count(user: User, limit: int) -> int:
        return waiting(user)[:limit].count()

    def rows(user: User, size: int) -> list[Row]:
        contracts = waiting(user).only(*COLUMNS).order_by(deadline, "pk")[:size]
        return [row_of(c, getattr(c, deadline)) for c in contracts]

    def link(user: User) -> str:
        return f"{reverse('contracts:list')}?queue={name}"

    return Queue(
        f"{LEDGER}.{name}",
        QUEUES[name],
        LEDGER,
        order,
        works_on_contracts,
        count,
        rows,
        link,
        read_group=read_together,
    )


def read_together(user: User, keys: list[str], limit: int, size: int) -> dict[str, tuple[int, list[Row]]]:
    """The home page's contract queues at once (``inbox.queues.read_dated_queues``): their statement kept
    under the queues, the scope condition and the day."""
    return read_dated_queues(
        user, keys, limit, size, model=Contract, deadlines=DEADLINES, row_of=row_of, columns=COLUMNS
    )


HOME_QUEUES = [
    _queue("filing_due", 410),
    _queue("in_review", 420),
    _queue("expiring", 430),
]
