"""The scope columns a clock table copies from its records (``AbstractClock.org_level1..4``), for a table whose
registration gives ``clock_scope``: the deadline queues then read one organisation's clocks on its own index
(``watched_clock_indexes``) instead of walking every running clock of the federation and joining each to its
record. The core keeps the copy right, without naming a ledger:

- a clock starts with its record's columns (``AbstractClock.save``; rows written in bulk call
  ``follow_records``);
- a record saved (its owner may have changed) rewrites the columns of its clocks from the record's row, in the
  same transaction (``follow_records``; a step that changes the owner by an ``UPDATE`` calls ``follow_owner``,
  as the ledger kit's ``save_changes`` does);
- an organisation moved in the tree rewrites the columns of the clocks of its records (``org_moved``), as
  ``orgs.scoping`` does for the records themselves.

The rewrite reads the record's row in the database, not the instance: whatever order two concurrent steps
commit in, the clocks end with what the record holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Q, QuerySet, Subquery

from xinfang.orgs.models import MAX_SCOPE_DEPTH, Org
from xinfang.orgs.scoping import levels_of

from .models import SCOPE_COLUMNS

if TYPE_CHECKING:
    from .registry import ClockTable


def copies_scope(table: ClockTable) -> bool:
    return table.clock_scope is not None


def owned_clock_q(org: Org, record: str) -> Q:
    """Clocks whose record is owned by ``org`` or below it: the copied column of its level (an organisation deeper
    than the copied levels is matched through the record, as ``owned_q`` does)."""
    if org.depth <= MAX_SCOPE_DEPTH:
        return Q(**{f"org_level{org.depth}": org.pk})
    return Q(**{f"{record}__org__in": Org.objects.subtree(org).values("pk")})


def follow_records(table: ClockTable, record_ids: Iterable[int] | QuerySet) -> int:
    """Rewrite the copied scope columns of the records' clocks (ids, or a query of them) from the records' rows;
    the number of clocks."""
    ids = record_ids if isinstance(record_ids, QuerySet) else list(record_ids)
    if not copies_scope(table):
        return 0
    rows = table.record_model._default_manager.filter(pk=OuterRef(table.record))
    return table.model.objects.filter(**{f"{table.record}__in": ids}).update(
        **{column: Subquery(rows.values(column)[:1]) for column in SCOPE_COLUMNS}
    )


def follow_owner(model: type, pk: int) -> None:
    """A record whose owner was changed by an ``UPDATE`` (no ``save``, e.g. the ledger kit's ``save_changes``):
    the clocks of every table on its model take its scope columns."""
    from .registry import clock_tables

    for table in clock_tables():
        if table.record_model is model:
            follow_records(table, [pk])


def record_saved(table: ClockTable):
    """A ``post_save`` receiver for the table's record model: a record saved with its owner may have moved."""

    def receiver(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
        if created:
            return  # no clock runs on a record not yet saved
        if update_fields is not None and not ({"org", "org_id", *SCOPE_COLUMNS} & set(update_fields)):
            return
        follow_records(table, [instance.pk])

    return receiver


def orgs_moved(sender, orgs: list[Org], **kwargs) -> None:
    """``org_moved``: the clocks of the moved organisations' records take their new scope columns."""
    from .registry import clock_tables

    for table in clock_tables():
        if not copies_scope(table):
            continue
        for org in orgs:
            values = dict(zip(SCOPE_COLUMNS, levels_of(org), strict=True))
            table.model.objects.filter(**{f"{table.record}__org": org}).update(**values)
