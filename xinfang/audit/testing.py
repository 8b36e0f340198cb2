"""Test helper: let a transactional test's flush empty the audit tables (the triggers refuse it otherwise).

Use ``@pytest.mark.usefixtures("audit_flushable")`` together with ``transactional_db`` (import the fixture into
the test module). It is set up before ``transactional_db`` and torn down after its flush: the triggers are
removed for the test and restored once the tables are empty. The suite has no transactional test today.
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
