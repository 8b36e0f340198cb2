"""Fast inserts of plain tuples for bulk demo data (the ORM's bulk_create spends most of its time compiling)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import connection, models


class RowWriter:
    """Collects rows for one table and writes them with executemany, converting values the backend's way."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        quote = connection.ops.quote_name
        self.ops = connection.ops  # looked up once: the connection proxy is slow per value
        # Columns not given take the model's default (blank strings, False …), so a new field with a default
        # does not break the demo.
        defaulted = [
            f
            for f in model._meta.concrete_fields
            if f.column not in columns
            and not f.primary_key
            and not f.null
            and (f.has_default() or f.empty_strings_allowed)
        ]
        self.defaults = tuple(self.adapt(f.get_default()) for f in defaulted)
        self.columns = [*columns, *(f.column for f in defaulted)]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(model._meta.db_table),
            ", ".join(quote(c) for c in self.columns),
            ", ".join(["%s"] * len(self.columns)),
        )
        self.rows: list[tuple] = []

    def add(self, *values) -> None:
        self.rows.append(tuple(v if type(v) in _PLAIN else self.adapt(v) for v in values) + self.defaults)

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows.clear()

    def adapt(self, value):
        if isinstance(value, datetime):
            return self.ops.adapt_datetimefield_value(value)
        if isinstance(value, Decimal):
            return self.ops.adapt_decimalfield_value(value, 14, 2)
        if isinstance(value, dict):
            return self.ops.adapt_json_value(value, None)
        return str(value) if isinstance(value, str) else value  # str subclasses such as TextChoices


_PLAIN = {int, str, bool, type(None)}
