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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

SIZE = 512  # statements kept per thread (about 15 KB each): a few hundred users' home pages

_local = threading.local()


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


def values_rows(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of ``build()`` (a ``values_list`` queryset, plain or combined with ``union``) as tuples, exactly as
    iterating it would give them; ``build`` is called, and its SQL compiled, only the first time ``key`` is
    seen. An unhashable key (an input that is itself a queryset) is built every time."""
    kept = _kept()
    try:
        entry = kept.get(key)
    except TypeError:  # an input without a value identity: nothing to keep it under
        return list(build())
    if entry is None:
        entry = kept[key] = _compile(build())
        if len(kept) > SIZE:
            kept.popitem(last=False)
    else:
        kept.move_to_end(key)
    using, sql, params, columns, converters = entry
    if not sql:
        return []
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [_converted(row[:columns], converters, connection) for row in rows]


def _compile(queryset: QuerySet) -> tuple[str, str, tuple, int, list]:
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
    return compiler.using, sql, tuple(params), compiler.col_count, converters


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
