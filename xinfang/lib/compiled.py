"""Compiled SQL kept between requests, for a page that builds the same large query on every request (the home page's
grouped queues: a ``UNION ALL`` of a dozen filtered, ordered members). Building and compiling such a query through
the ORM cost more CPU than the database spent running it; the SQL text and its parameters are a pure function of a
few inputs (the user's scope conditions, the queues shown, the day), so they are compiled once per key and only
run afterwards. The rows are always read fresh: what is kept is the statement, never its results.

The key must name every input the query is built from. A caller builds it from the inputs themselves (the scope
conditions as ``Q`` objects, which compare and hash by value; the user's id and organisation; the day), so a step,
a transfer or a change of scope gives another key, and the worst a missing input could do is serve another
user's statement: tests compare the kept statement's rows with a fresh build's after each of those.

Per thread (each thread has its own database connection) and bounded (least recently used dropped first).

On PostgreSQL the query *plan* is kept too. Planning a dozen-member ``UNION ALL`` took PostgreSQL longer than running
it (9 of the committee home page's 16 ms of SQL at 1,000,000 petitions). A kept statement therefore has its parameters
inlined once, as psycopg's client-side binding would inline them on every run, and is run as a prepared statement of
the connection (psycopg's, ``prepare=True``). A statement without parameters always runs the plan made when it was
prepared, and that plan is made for the values inlined in it, as an unprepared run's would be. Psycopg keeps at
most ``prepared_max`` of them per connection, least recently used deallocated first. PostgreSQL plans them again
when a table they read is altered or analysed. The saving is per connection: a gunicorn worker keeps its
connection for ``CONN_MAX_AGE`` (ten minutes), and psycopg deallocates all of a connection's prepared statements
when anything on it rolls back (a refused action, a savepoint rolled back). The first home page of a user on a
worker's connection after that is planned as before, the next ones are not. Behind a pooler in transaction mode (PgBouncer), where a connection's prepared statements can't be relied on, set
the connection option ``prepare_threshold`` to ``None``: psycopg then never prepares, and the statement runs
unprepared.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

SIZE = 512  # statements kept per thread (about 15 KB each): a few hundred users' home pages

_local = threading.local()
_log = logging.getLogger("django.db.backends")


def _kept() -> OrderedDict[Hashable, tuple[str, str, tuple, int, list]]:
    kept = getattr(_local, "kept", None)
    if kept is None:
        kept = _local.kept = OrderedDict()
    return kept


def clear() -> None:
    """Forget every kept statement of this thread (tests)."""
    _kept().clear()


def kept_count() -> int:
    return len(_kept())


@dataclass(frozen=True)
class FirstOfEach:
    """Only the first ``size`` rows of each group (the rows with one value of the column ``group``), in ``order``
    (column names, "-" for descending; nulls last on every backend), each followed by the number of rows in its
    group: for a page that shows a few rows of each group and counts the rest, so that the database counts and
    only the rows shown travel."""

    group: str
    order: tuple[str, ...]
    size: int


def values_rows(
    key: Hashable, build: Callable[[], QuerySet], first: FirstOfEach | None = None
) -> list[tuple]:
    """The rows of ``build()`` (a ``values_list`` queryset, plain or combined with ``union``) as tuples, exactly as
    iterating it would give them, or with ``first`` the first of each group and the group's count; ``build`` is
    called, and its SQL compiled, only the first time ``key`` is seen. An unhashable key (an input that is itself
    a queryset) is built every time."""
    kept = _kept()
    try:
        entry = kept.get((key, first))
    except TypeError:  # an input without a value identity: nothing to keep it under
        entry = _compile(build(), first)
    else:
        if entry is None:
            entry = kept[(key, first)] = _compile(build(), first)
            if len(kept) > SIZE:
                kept.popitem(last=False)
        else:
            kept.move_to_end((key, first))
    using, sql, params, columns, converters = entry
    if not sql:
        return []
    connection = connections[using]
    rows = (
        _prepared_rows(connection, sql)
        if connection.vendor == "postgresql"
        else _rows(connection, sql, params)
    )
    if first is None:
        return [_converted(row[:columns], converters, connection) for row in rows]
    return [(*_converted(row[:columns], converters, connection), row[columns]) for row in rows]


def _rows(connection, sql: str, params: tuple) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prepared_rows(connection, sql: str) -> list[tuple]:
    """The rows of a statement without parameters, run through a cursor that prepares it (Django's wrapper around
    it translates errors; its query log is written here, since Django's reads back the SQL of unprepared runs only)."""
    connection.ensure_connection()
    started = time.monotonic()
    try:
        with connection.make_cursor(_preparing_cursor_class()(connection.connection)) as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        if connection.queries_logged:  # as Django's CursorDebugWrapper logs a query
            duration = time.monotonic() - started
            # "prepared": for a benchmark that replays the log (bench/measure.py) and must run it the same way
            prepared = connection.connection.prepare_threshold is not None
            connection.queries_log.append({"sql": sql, "time": f"{duration:.3f}", "prepared": prepared})
            _log.debug(
                "(%.3f) %s; args=%s; alias=%s",
                duration,
                sql,
                None,
                connection.alias,
                extra={"duration": duration, "sql": sql, "params": None, "alias": connection.alias},
            )


@functools.cache
def _preparing_cursor_class():
    import psycopg  # imported on PostgreSQL only

    class Preparing(psycopg.Cursor):
        """psycopg's server-side-binding cursor, preparing every statement on its first run."""

        def execute(self, query, params=None, *, prepare=None, binary=None):  # type: ignore[override]
            return super().execute(query, params, prepare=True, binary=binary)

    return Preparing


def _compile(queryset: QuerySet, first: FirstOfEach | None) -> tuple[str, str, tuple, int, list]:
    """What running the query again takes, and no more (the query itself is ten times the size): its database,
    SQL and parameters, its number of columns, and the converters its compiler applies to them (a date stored as
    text on SQLite …), as ``SQLCompiler.results_iter`` finds them."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition no row can meet (an empty ``__in``): no query to run
        return compiler.using, "", (), 0, []
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    connection = connections[compiler.using]
    if first is not None:
        sql, params = _first_of_each(sql, tuple(params), first, connection.ops.quote_name)
    if connection.vendor == "postgresql":  # the parameters inlined once: a statement to prepare (see above)
        sql, params = connection.ops.compose_sql(sql, params), ()  # type: ignore[attr-defined]
    return compiler.using, sql, tuple(params), compiler.col_count, converters


def _first_of_each(
    sql: str, params: tuple, first: FirstOfEach, quote: Callable[[str], str]
) -> tuple[str, tuple]:
    """The query's rows, each followed by its group's count and its rank in its group, those ranked past
    ``first.size`` left out."""
    group = quote(first.group)
    order = ", ".join(
        f"{quote(name.lstrip('-'))} IS NULL, {quote(name.lstrip('-'))} {'DESC' if name.startswith('-') else 'ASC'}"
        for name in first.order
    )
    ranked = (
        f"SELECT u.*, COUNT(*) OVER (PARTITION BY {group}) AS xf_count,"
        f" ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {order}) AS xf_rank FROM ({sql}) u"
    )
    return f"SELECT * FROM ({ranked}) w WHERE xf_rank <= %s", (*params, first.size)


def _converted(row: tuple, converters: list, connection: Any) -> tuple:
    if not converters:
        return tuple(row)
    values = list(row)
    for position, (functions, expression) in converters:
        value = values[position]
        for function in functions:
            value = function(value, expression, connection)
        values[position] = value
    return tuple(values)
