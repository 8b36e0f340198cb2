"""The idle timeout (``accounts.sessions.IdleTimeout``): a session ends ``SESSION_COOKIE_AGE`` after the user's last
request, or up to a minute earlier, and is saved once a minute at most to get there. The clock stands still in
these tests (``standing``), so that a slow machine can't move a request past a boundary."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.sessions import REFRESH

AGE = 300  # seconds: a five-minute timeout keeps the tests short


@pytest.fixture
def standing(settings):
    """A clock that moves only when shifted, and the five-minute timeout."""
    settings.SESSION_COOKIE_AGE = AGE
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _session_saves(client, path) -> tuple[int, int]:
    """The response's status and how many times it wrote the session row."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    writes = [
        q for q in captured if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    return response.status_code, len(writes)


def test_a_session_is_saved_once_a_minute_at_most(client, handler, standing):
    client.force_login(handler)
    home = reverse("home")
    assert _session_saves(client, home) == (200, 0)  # the login saved it
    standing.shift(REFRESH - timedelta(seconds=1))
    assert _session_saves(client, home) == (200, 0)
    standing.shift(timedelta(seconds=1))
    assert _session_saves(client, home) == (200, 1)
    assert _session_saves(client, home) == (200, 0)


def test_a_user_at_work_stays_logged_in_past_the_timeout(client, handler, standing):
    client.force_login(handler)
    home = reverse("home")
    for _ in range(2 * AGE // 50):  # a request every 50 seconds, twice the timeout long
        standing.shift(timedelta(seconds=50))
        assert client.get(home).status_code == 200


def test_an_idle_user_is_logged_out_after_the_timeout(client, handler, standing):
    client.force_login(handler)
    home = reverse("home")
    standing.shift(
        timedelta(seconds=AGE - 1)
    )  # the last second of the login's session: this request moves it
    assert _session_saves(client, home) == (200, 1)
    standing.shift(timedelta(seconds=AGE - 1))
    assert client.get(home).status_code == 200  # within the moved expiry
    standing.shift(timedelta(seconds=AGE))  # idle a whole timeout since that request's save
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_short_timeout_is_refreshed_within_it(client, handler, standing, settings):
    settings.SESSION_COOKIE_AGE = 60  # SESSION_TIMEOUT_MINUTES=1: saved every 30 seconds at most
    client.force_login(handler)
    home = reverse("home")
    for _ in range(6):
        standing.shift(timedelta(seconds=40))
        assert _session_saves(client, home) == (200, 1)


def test_a_request_without_a_live_session_creates_none(client, db):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "a-made-up-or-expired-session-key"
    client.get(reverse("accounts:login"))
    client.get(reverse("home"))
    assert not Session.objects.exists()
