"""Idempotent creation: the ``Idempotency-Key`` header of the API and the one-time token of a page's form.

API (``@idempotent`` under ``@router.post``; ninja's ``decorate_view`` wraps the whole operation):

- no header: the request runs as it always did;
- a new key: the request runs inside one transaction; a 2xx answer is stored with the key in that same
  transaction (so the key exists exactly when the record does); an error answer stores nothing;
- the same key again by the same user within 24 hours, with the same method, path and body: the first answer,
  the same status and the same bytes, and nothing is created;
- the same key with another body (or path): 422, in Chinese.

Pages (``form_token`` / ``used_form_token`` / ``remember_form_token``): the form carries a random token; after a
successful POST the token is stored with the URL of what it created, and a second POST of the same rendered
form is sent there instead of creating the record again.
"""

import hashlib
import re
import secrets
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja.decorators import decorate_view

from .models import KEEP_FOR, IdempotencyKey

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")  # visible ASCII, as the IETF draft suggests (a UUID, say)

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": "幂等键：同一用户在24小时内以相同的键重复提交相同的请求，返回第一次的结果，不会重复登记；"
    "相同的键提交不同的内容将被拒绝（422）。",
    "schema": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"^[\x21-\x7e]+$"},
}


def _refuse(message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": "提交的数据有误。", "errors": {HEADER: [message]}},
        status=422,
        json_dumps_params={"ensure_ascii": False},
    )


def _digest(request: HttpRequest) -> str:
    sha = hashlib.sha256()
    sha.update(f"{request.method} {request.path}\n".encode())
    sha.update(request.body)
    return sha.hexdigest()


def _replay(stored: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(stored.body, status=stored.status, content_type=stored.content_type or None)
    response[HEADER] = stored.key
    response["Idempotent-Replayed"] = "true"
    return response


def _prior(user, key: str) -> IdempotencyKey | None:
    stored = IdempotencyKey.objects.filter(user=user, key=key).first()
    if stored is not None and stored.created_at < timezone.now() - KEEP_FOR:
        stored.delete()  # expired: the key may be used afresh
        return None
    return stored


def _answer_for(request: HttpRequest, user, key: str, digest: str) -> HttpResponse | None:
    stored = _prior(user, key)
    if stored is None:
        return None
    if stored.digest != digest or stored.method != request.method or stored.path != request.path[:200]:
        return _refuse("该幂等键已用于另一个请求（内容不同），请换一个新的幂等键。")
    return _replay(stored)


def _idempotent_run(run):
    operation = run.__self__
    extra = operation.openapi_extra or {}
    operation.openapi_extra = extra | {"parameters": [*extra.get("parameters", []), OPENAPI_PARAMETER]}

    @wraps(run)
    def wrapper(request: HttpRequest, **kw):
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, **kw)
        if not _KEY.match(key):
            return _refuse("幂等键须为1至100个可见的ASCII字符（如 UUID）。")
        error = operation._run_checks(request)  # authentication first: a key belongs to one user
        if error:
            return error
        user = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication
        digest = _digest(request)
        answer = _answer_for(request, user, key, digest)
        if answer is not None:
            return answer
        try:
            with transaction.atomic():
                response = run(request, **kw)
                if 200 <= response.status_code < 300:
                    IdempotencyKey.objects.create(
                        user=user,
                        key=key,
                        method=request.method or "",
                        path=request.path[:200],
                        digest=digest,
                        status=response.status_code,
                        content_type=response.get("Content-Type", ""),
                        body=response.content.decode("utf-8"),
                    )
        except IntegrityError:
            # The same key at the same moment from a concurrent request: that one won and this one's record
            # was rolled back with it; answer as for a retry.
            answer = _answer_for(request, user, key, digest)
            if answer is None:
                raise
            return answer
        return response

    return wrapper


def idempotent(view):
    """Mark a creating API operation: ``@router.post(...)`` then ``@idempotent`` on the line below it."""
    return decorate_view(_idempotent_run)(view)


# --- One-time form tokens ------------------------------------------------------------------------------------

FORM_FIELD = "form_token"


def form_token() -> str:
    """A fresh token for a rendered form (a hidden input named ``form_token``)."""
    return secrets.token_urlsafe(24)


def _form_key(token: str) -> str:
    return "form:" + token[:90]


def used_form_token(request: HttpRequest) -> str | None:
    """The URL of what this form already created, if its token was used by this user within 24 hours."""
    token = request.POST.get(FORM_FIELD, "")
    if not token or not request.user.is_authenticated:
        return None
    stored = _prior(request.user, _form_key(token))
    return stored.body if stored is not None else None


def remember_form_token(request: HttpRequest, url: str) -> None:
    """Call inside the transaction that created the record: the token now leads to ``url``."""
    token = request.POST.get(FORM_FIELD, "")
    if not token:
        return
    IdempotencyKey.objects.create(
        user=request.user,  # type: ignore[misc]  # a signed-in user (the views are login_required)
        key=_form_key(token),
        method=request.method or "",
        path=request.path[:200],
        digest="",
        status=302,
        body=url,
    )
