"""Database triggers that make the audit tables append-only for every database user, the application included.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers that abort. PostgreSQL: one plpgsql function raising an error,
called BEFORE UPDATE OR DELETE (each row) and BEFORE TRUNCATE (each statement). So an ORM ``.update()`` or
``.delete()``, raw SQL and ``manage.py flush`` are all refused, on both backends.

Mind on SQLite: a migration that rebuilds an audit table (most AlterField operations do) drops its triggers;
such a migration must call ``install`` again (the refusal test, run on a test database built from the
migrations, fails if it does not).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

TABLES = ("audit_accesslog", "audit_loginevent")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit table % is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$
"""


def _statements(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'audit table {table} is append-only ({op} refused)'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
        ]
    raise NotImplementedError(f"append-only triggers for {vendor}")


def _names(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"{table}_no_update", f"{table}_no_delete"]
    return [f"{table}_append_only", f"{table}_no_truncate"]


def install(connection, tables=TABLES) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
        for table in tables:
            for sql in _statements(connection.vendor, table):
                cursor.execute(sql)


def remove(connection, tables=TABLES) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            for name in _names(connection.vendor, table):
                on = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


@contextmanager
def unlocked(connection) -> Iterator[None]:
    """For tests only: the triggers removed while the block runs, then restored.

    A transactional test (pytest-django's ``transactional_db``) empties every table after it has run, which the
    triggers refuse; there is none in this suite (the flush would also wipe the rows that the data migrations
    seed). One that is ever needed uses the fixture ``xinfang.audit.testing.audit_flushable``."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
