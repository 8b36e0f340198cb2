"""The fuzz of every operation again, as an outsider: a handler of another committee, who sees none of the records
the fuzz finds. The checks are test_fuzz.py's, including that every 4xx answer is JSON with a Chinese ``detail``."""

from collections import Counter

import pytest

from xinfang.accounts.models import ApiToken

from .test_fuzz import (  # noqa: F401  (wsgi_in_test_transaction: a fixture)
    OPERATIONS,
    NotChinese,
    _fuzz,
    error_in_chinese,
    wsgi_in_test_transaction,
)


def _run(token: str) -> tuple[dict[str, str], Counter]:
    """test_fuzz's run of every operation, with this user's token; failures by operation."""
    failures: dict[str, str] = {}
    statuses: Counter = Counter()
    for operation in OPERATIONS:
        try:
            _fuzz(operation, token, statuses)
        except Exception as e:  # schemathesis's FailureGroup, or an error of the app itself
            failures[operation.label] = f"{type(e).__name__}: {e}"[:2000]
    return failures, statuses


@pytest.fixture
def records(make_petition, registrar, employer, category):
    """A petition of the federation, an employer and a category: what the outsider must not reach."""
    return make_petition(by=registrar)


@pytest.mark.usefixtures("wsgi_in_test_transaction")
def test_an_outsider_gets_chinese_json_errors_and_no_server_error(outsider, records):
    _, key = ApiToken.issue(user=outsider, name="fuzz")
    failures, statuses = _run(key)
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    assert statuses[404] and statuses[422], statuses


def test_the_check_refuses_an_english_or_html_error():
    class Operation:
        label = "GET /api/v1/x"

    class Case:
        operation = Operation()

    class Answer:
        def __init__(self, status, body):
            self.status_code, self.body = status, body

        def json(self):
            if self.body is None:
                raise ValueError("not JSON")
            return self.body

    for answer in (Answer(401, {"detail": "Unauthorized"}), Answer(400, None)):
        with pytest.raises(NotChinese):
            error_in_chinese(None, answer, Case())
    assert error_in_chinese(None, Answer(404, {"detail": "未找到。"}), Case()) is None
