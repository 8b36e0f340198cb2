"""Serving a record's stored file (an attachment, a generated document) once the caller's view has fetched the
record through its scope rule. Every download is written to the access log; a stored file that has gone missing
is a clear error and a logged incident, never a 500."""

from __future__ import annotations

import logging

from django.db import models
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from xinfang.audit.models import AccessAction, log_access

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MissingFile(Exception):
    """A stored file of a record is not on disk (lost, moved or not restored from a backup)."""


def serve(request, *, file, name: str, content_type: str, obj: models.Model, what: str) -> FileResponse:
    """Open the stored file, write the download to the access log and answer it as an attachment.
    Raises MissingFile (after logging the incident) when the file is not there."""
    user = getattr(request, "auth", None) or request.user  # the API's caller, or the page's
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError, ValueError) as e:
        logger.error(
            "Stored file missing: %s %s (%s), requested by user %s: %s",
            obj._meta.label,
            obj.pk,
            getattr(file, "name", ""),
            user.pk,
            e,
        )
        raise MissingFile(what) from e
    log_access(user=user, action=AccessAction.DOWNLOAD, obj=obj, detail=f"{what}：{name}", request=request)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


MISSING_MESSAGE = "文件缺失：该{what}的存档文件不存在，无法下载。已记录此问题，请联系系统管理员。"


def missing_page(request, what: str) -> HttpResponse:
    return render(
        request,
        "request_refused.html",
        {"status": 404, "message": MISSING_MESSAGE.format(what=what)},
        status=404,
    )


def serve_page(request, **kwargs) -> HttpResponse | FileResponse:
    """``serve`` for a page: a missing file is the Chinese 404 page."""
    try:
        return serve(request, **kwargs)
    except MissingFile as e:
        return missing_page(request, str(e))
