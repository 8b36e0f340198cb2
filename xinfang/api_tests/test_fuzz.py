"""Schema-driven fuzzing of every operation of /api/v1/ with schemathesis, in-process (the Django WSGI app), as an
authorised federation handler (API token): no answer is a 5xx, and every status and content type is one the
operation documents. Valid (schema-conforming) and invalid inputs both; a fixed seed (``derandomize``) and a
bounded number of examples per operation, so a run is repeatable and takes well under a minute.

``FUZZ_EXAMPLES`` raises the number of examples for a longer run by hand, e.g. ``FUZZ_EXAMPLES=200``.
"""

import os
import re
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from xinfang.accounts.models import ApiToken
from xinfang.api import api

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
CHINESE = re.compile(r"[\u4e00-\u9fff]")


class NotChinese(AssertionError):
    pass


@schemathesis.check
def error_in_chinese(ctx, response, case):
    """A 4xx answer says what is wrong, in Chinese, as JSON."""
    if 400 <= response.status_code < 500:
        try:
            detail = response.json().get("detail", "")
        except ValueError as e:
            raise NotChinese(f"{case.operation.label}: {response.status_code} is not JSON") from e
        if not (isinstance(detail, str) and CHINESE.search(detail)):
            raise NotChinese(f"{case.operation.label}: {response.status_code} detail {detail!r}")
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, error_in_chinese]

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
SCHEMA.app = get_wsgi_application()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]  # type: ignore[union-attr]


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes the database connection at the start and end of each request; inside a test's
    transaction that would lose it, so (as Django's test client does) the handler is told not to."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def handler_token(request, category, employer, make_petition, registrar):
    """A federation handler's token (``FUZZ_AS=committee_handler`` for another persona), with a petition, a
    category and an employer in the database."""
    make_petition(by=registrar)
    user = request.getfixturevalue(os.environ.get("FUZZ_AS", "handler"))
    _, key = ApiToken.issue(user=user, name="fuzz")
    return key


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) >= 40, [op.label for op in OPERATIONS]


def _fuzz(operation, token: str, statuses: Counter) -> None:
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    fuzz()


def test_no_server_error_and_only_documented_answers(handler_token, wsgi_in_test_transaction):
    """One test over all operations (the fixtures are built once): each operation's failure is collected, and
    all are reported together."""
    failures: dict[str, str] = {}
    statuses: Counter = Counter()
    for operation in OPERATIONS:
        try:
            _fuzz(operation, handler_token, statuses)
        except Exception as e:  # schemathesis's FailureGroup, or an error of the app itself
            failures[operation.label] = f"{type(e).__name__}: {e}"[:2000]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert statuses[201] and statuses[422] and statuses[404], statuses  # it reached the actions, too
