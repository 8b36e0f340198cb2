"""The idle timeout (``SESSION_TIMEOUT_MINUTES``): a session ends that long after the user's last request.

Django slides a session's expiry only when the session is saved. Saving it on every request
(``SESSION_SAVE_EVERY_REQUEST``) cost each page three statements and a commit that waits for the disk, a tenth of the
home page's time. ``IdleTimeout`` saves it once a minute at most (half the timeout, if that is shorter), when a
request comes that long after the last save: a user is logged out between ``SESSION_TIMEOUT_MINUTES`` less a minute
and ``SESSION_TIMEOUT_MINUTES`` after their last request. A login saves the session anyway, so it stamps it
(``stamp_on_login``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

REFRESH = timedelta(minutes=1)
STAMP = "_refreshed_at"  # when the session was last saved, as a POSIX timestamp in whole seconds


class IdleTimeout:
    """Marks a live session modified, so that ``SessionMiddleware`` saves it and moves its expiry, when it was last
    saved ``refresh()`` ago or more. Listed after ``SessionMiddleware``, so that it runs first on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response  # no session cookie: nothing to keep alive
        last = session.get(STAMP, 0)
        if not session.is_empty() and _now() - last >= refresh():
            session[STAMP] = _now()
        return response


@receiver(user_logged_in, dispatch_uid="session_stamp_on_login")
def stamp_on_login(sender, request, user, **kwargs) -> None:
    """A login saves the session it starts: its expiry runs from now, and the next minute's requests needn't save
    it again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[STAMP] = _now()


def refresh() -> float:
    """Seconds between two saves of a session: ``REFRESH``, or half the timeout if that is shorter (a one-minute
    timeout would otherwise end a session a minute after login, however busy its user)."""
    return min(REFRESH.total_seconds(), settings.SESSION_COOKIE_AGE / 2)


def _now() -> int:
    return int(timezone.now().timestamp())
