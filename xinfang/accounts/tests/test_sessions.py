"""The idle timeout (``accounts.sessions.IdleTimeout``): a session lives ``SESSION_COOKIE_AGE`` past the user's last
request, and is saved once a minute at most to get there."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from xinfang.accounts.sessions import REFRESH

AGE = 300  # seconds: a five-minute timeout keeps the test short


def _session_saves(client, path) -> tuple[int, int]:
    """The response's status and how many times it wrote the session row."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    writes = [
        q for q in captured if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT"))
    ]
    return response.status_code, len(writes)


def test_a_session_is_saved_once_a_minute_at_most(client, handler, frozen_clock, settings):
    settings.SESSION_COOKIE_AGE = AGE
    client.force_login(handler)
    home = reverse("home")
    assert _session_saves(client, home) == (200, 0)  # the login saved it
    frozen_clock.shift(timedelta(seconds=50))
    assert _session_saves(client, home) == (200, 0)
    frozen_clock.shift(REFRESH)
    assert _session_saves(client, home) == (200, 1)
    assert _session_saves(client, home) == (200, 0)


def test_a_user_at_work_stays_logged_in_past_the_timeout(client, handler, frozen_clock, settings):
    settings.SESSION_COOKIE_AGE = AGE
    client.force_login(handler)
    home = reverse("home")
    for _ in range(2 * AGE // 50):  # a request every 50 seconds, twice the timeout long
        frozen_clock.shift(timedelta(seconds=50))
        assert client.get(home).status_code == 200


def test_an_idle_user_is_logged_out_after_the_timeout(client, handler, frozen_clock, settings):
    settings.SESSION_COOKIE_AGE = AGE
    client.force_login(handler)
    home = reverse("home")
    assert client.get(home).status_code == 200
    frozen_clock.shift(timedelta(seconds=AGE - 70))  # past the refresh: this request moves the expiry
    assert client.get(home).status_code == 200
    frozen_clock.shift(timedelta(seconds=AGE - 10))
    assert client.get(home).status_code == 200  # within the moved expiry
    frozen_clock.shift(timedelta(seconds=AGE + 1))
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_request_without_a_session_creates_none(client, db):
    from django.contrib.sessions.models import Session

    client.get(reverse("accounts:login"))
    assert not Session.objects.exists()
