"""A crafted paging cursor (an id beyond any key column, a year-1 moment) is no 500: the list starts over."""

import pytest

from xinfang.lib.keyset import encode_cursor


@pytest.mark.parametrize("path", ["/api/v1/petitions", "/api/v1/mediations", "/api/v1/consultations"])
@pytest.mark.parametrize(
    "cursor",
    [
        "MjAyNi0wMS0wMVQwMDowMDowMCswMDowMHwxMTgwNTkxNjIwNzE3NDExMzAzNDI0",  # 2026-01-01 | 2**70
        "MDAwMS0wMS0wMVQwMDowMDowMHw1",  # 0001-01-01 (naive) | 5
        "bm90IGEgY3Vyc29y",  # "not a cursor"
    ],
)
def test_a_crafted_cursor_is_no_server_error(client, registrar, make_petition, path, cursor):
    make_petition(by=registrar)
    client.force_login(registrar)
    response = client.get(path, {"cursor": cursor})
    assert response.status_code in (200, 422), response.content


def test_cursor_helper_round_trip():
    from datetime import UTC, datetime

    from xinfang.lib.keyset import decode_cursor

    at = datetime(2026, 6, 10, 2, tzinfo=UTC)
    assert decode_cursor(encode_cursor(at, 7)) == (at, 7)
