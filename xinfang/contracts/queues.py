"""The collective-contract ledger's work queues on the home page (registered in ``contributions.py``): contracts
to file, contracts under review, contracts in their last 3 months — within the contract scope rule, most urgent
first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, F, Value
from django.urls import reverse
from django.utils import timezone

from xinfang.inbox.queues import Badge, Queue, Row
from xinfang.lib.compiled import values_rows
from xinfang.orgs.scoping import owned_parts

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
    """The home page's contract queues at once (``Queue.read_group``): one ``UNION ALL`` of each queue's first
    ``limit`` contracts (ordered by its date, as ``rows``), its statement kept (``lib.compiled``), and one query for
    the rows of all of them; the same counts and rows as ``count`` and ``rows``."""
    today = timezone.localdate()
    parts = owned_parts(user)  # Contract.objects.visible_to, as conditions
    if not parts:
        return {key: (0, []) for key in keys}

    def build():
        sliced = connection.features.supports_slicing_ordering_in_compound  # else a LIMIT only in a subquery
        members = []
        for key in keys:
            name = key.removeprefix(f"{LEDGER}.")
            deadline = DEADLINES[name]
            waiting = Contract.objects.filter(parts[0]).in_queue(name, today).order_by(deadline, "pk")
            if not sliced:
                waiting = Contract.objects.filter(pk__in=waiting.values("pk")[:limit]).order_by()
            member = waiting.annotate(
                queue=Value(key, output_field=CharField()), deadline=F(deadline)
            ).values_list("queue", "pk", "deadline")
            members.append(member[:limit] if sliced else member)
        return members[0].union(*members[1:], all=True)

    # Kept under every input it is built from: the queues, the scope condition, the day.
    statement = ("contracts.queues", tuple(keys), limit, tuple(parts), today)
    found: dict[str, list[tuple]] = {key: [] for key in keys}
    for key, pk, due_on in values_rows(statement, build) if keys else []:
        found[key].append((due_on, pk))
    first = {
        key: sorted(found_, key=lambda c: (c[0] is None, c[0] or today, c[1]))[:size]
        for key, found_ in found.items()
    }
    wanted = {pk for found_ in first.values() for _, pk in found_}
    contracts = {c.pk: c for c in Contract.objects.filter(pk__in=wanted).only(*COLUMNS)} if wanted else {}
    return {
        key: (
            len(found[key]),
            [row_of(contracts[pk], due_on) for due_on, pk in first[key] if pk in contracts],
        )
        for key in keys
    }


HOME_QUEUES = [
    _queue("filing_due", 410),
    _queue("in_review", 420),
    _queue("expiring", 430),
]
