"""Logins, failed logins, logouts and lockouts, written to the login log (``LoginEvent``)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import LoginAction, _text, log_login


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def on_logged_in(sender, request=None, user=None, **kwargs) -> None:
    log_login(action=LoginAction.LOGIN, username=user.get_username(), user=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def on_logged_out(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:  # a logout without a session logs nothing
        log_login(action=LoginAction.LOGOUT, username=user.get_username(), user=user, request=request)


def _account(username: str):
    """The account a tried user name names, if any (the name as stored: no NUL, no lone surrogate)."""
    model = get_user_model()
    name = _text(username, 150)
    return model._default_manager.filter(**{model.USERNAME_FIELD: name}).first() if name else None


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD) or "")
    log_login(action=LoginAction.FAILED, username=username, user=_account(username), request=request)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    username = str(username or "")
    log_login(action=LoginAction.LOCKED_OUT, username=username, user=_account(username), request=request)
