"""A cap on the size of a request body, checked before anything reads it (issue 8, medium 12).

Django reads a request body only up to its Content-Length (``LimitedStream``), and a body without one (HTTP
chunked transfer encoding) is read as empty under WSGI. So the Content-Length is the body's size: a request whose
Content-Length exceeds ``MAX_REQUEST_MB`` is answered 413 before the body is read, by the CSRF check, the session
or the view; a chunked body is refused with 411 rather than silently treated as empty. The number of files and
their total size per handling record are checked again by the action (policies ``attachment_max_files`` and
``attachment_total_mb``), with a message naming the field.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string


def request_limit_bytes() -> int:
    return int(settings.MAX_REQUEST_MB) * 1024 * 1024


def _content_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    html = render_to_string("request_refused.html", {"message": message, "status": status})
    return HttpResponse(html, status=status)


class RequestSizeLimitMiddleware:
    """Refuse an over-size or unmeasurable request body before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        if length is None or length < 0:
            return _refuse(request, 400, "请求的内容长度（Content-Length）无效。")
        if length > request_limit_bytes():
            return _refuse(
                request,
                413,
                f"提交的内容共{length / 1024 / 1024:.1f}MB，超过了单次提交{settings.MAX_REQUEST_MB}MB的上限，"
                "未被接收。请减少或分次上传附件。",
            )
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _refuse(request, 411, "请求缺少内容长度（Content-Length），未被接收。")
        return self.get_response(request)
