"""Test helper: let a transactional test's flush empty the audit tables (the triggers refuse it otherwise).

Use ``@pytest.mark.usefixtures("audit_flushable")`` together with ``transactional_db`` (import the fixture into
the test module). It is set up before ``transactional_db`` and torn down after its flush: the triggers are
removed for the test and restored once the tables are empty. Most tests want ``committed_db`` below, which brings both.
"""

import pytest
from django.db import connection

from . import triggers


@pytest.fixture
def audit_flushable(django_db_blocker):
    with django_db_blocker.unblock():
        triggers.remove(connection)
    yield
    with django_db_blocker.unblock():
        triggers.install(connection)


@pytest.fixture
def committed_db(audit_flushable, django_db_serialized_rollback, transactional_db):
    """A transactional test's database: rows really committed (for threads, child processes, backups). Request it
    first among a test's fixtures. In this order the flush afterwards may empty the audit tables (their triggers
    are put back after it), and the rows that migrations seed (categories, policies) are restored."""
