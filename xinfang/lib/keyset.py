"""Keyset (seek) pagination over (datetime, id) descending, with an opaque cursor."""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None


def encode_cursor(at: datetime, pk: int) -> str:
    raw = f"{at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """None for a cursor that does not parse or points nowhere a list can be (a crafted year 1, which cannot be
    moved to UTC, or an id no key column holds): the list then starts from the top."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw_at, raw_pk = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        at, pk = datetime.fromisoformat(raw_at), int(raw_pk)
    except (ValueError, UnicodeDecodeError):
        return None
    if not (1900 <= at.year <= 9000 and 0 < pk < 2**63):
        return None
    return at, pk


def _rows(qs: QuerySet, field: str, cursor: str | None, size: int) -> list:
    qs = qs.order_by(f"-{field}", "-pk")
    position = decode_cursor(cursor) if cursor else None
    if position:
        at, pk = position
        qs = qs.filter(Q(**{f"{field}__lt": at}) | Q(**{field: at, "pk__lt": pk}))
    return list(qs[: size + 1])


def _page(rows: list, field: str, size: int) -> Page:
    if len(rows) > size:
        last = rows[size - 1]
        return Page(rows[:size], encode_cursor(getattr(last, field), last.pk))
    return Page(rows, None)


def paginate(qs: QuerySet, *, field: str, cursor: str | None, size: int) -> Page:
    """Newest first. One query: fetch size + 1 rows to learn whether there is a next page."""
    return _page(_rows(qs, field, cursor, size), field, size)


def paginate_parts(parts: Sequence[QuerySet], *, field: str, cursor: str | None, size: int) -> Page:
    """Newest first over the union of disjoint querysets: size + 1 rows from each (each an ordered index seek),
    merged. The same pages and cursors as one query over their union, without an OR that defeats the index."""
    rows = [row for qs in parts for row in _rows(qs, field, cursor, size)]
    rows.sort(key=lambda r: (getattr(r, field), r.pk), reverse=True)
    return _page(rows, field, size)
