"""Imports through the API: upload a file (checked in the background), follow its status, read its problems,
commit it. The same actions and the same scope as the page: a job is its user's alone."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, page_size, ref, text
from xinfang.lib.fielderrors import field_error
from xinfang.orgs.models import Org

from .actions import ORG_NOT_IN_SCOPE, confirm_import, upload_import
from .models import ImportJob
from .registry import import_kinds
from .rows import ImportContext

router = Router(tags=["数据导入"])


class ColumnOut(Schema):
    header: str
    field: str
    type: str
    required: bool
    allowed: list[str] | None
    help: str


class KindOut(Schema):
    kind: str
    title: str
    natural_key: str
    columns: list[ColumnOut]


class JobOut(Schema):
    id: int
    kind: str
    file_name: str
    org_id: int | None
    status: str
    status_label: str
    rows_total: int | None
    rows_done: int
    problem_count: int
    summary: str
    created_at: datetime
    checked_at: datetime | None
    committed_at: datetime | None

    @staticmethod
    def resolve_status_label(obj: ImportJob) -> str:
        return obj.get_status_display()


class UploadIn(Schema):
    kind: str = text(title="导入类型", max_length=30)
    org_id: int | None = ref(title="导入到组织", default=None)


class ProblemOut(Schema):
    row: int
    column: str
    message: str
    value: str


class ProblemPageOut(Schema):
    items: list[ProblemOut]
    next_cursor: str | None


def _job(request, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.visible_to(request.auth).defer("content"), pk=job_id)


@router.get("/kinds", response=list[KindOut])
def list_kinds(request):
    """The kinds the user may import, with their columns (the ``--spec`` of ``import_template``)."""
    user = request.auth
    context = ImportContext(user=user, org=user.org)
    return [kind.spec(context) for kind in import_kinds() if kind.may_import(user)]


@router.post("", response={201: JobOut})
@idempotent
def upload(request, form: Form[UploadIn], file: File[UploadedFile]):
    """Upload an .xlsx file of one kind; its check runs in the background (``status`` then says ``ready`` or
    ``refused``). ``org_id``: the organisation imported into, in the user's scope (default: the user's own)."""
    org = None
    if form.org_id is not None:
        org = Org.objects.filter(pk=form.org_id).first()
        if org is None:
            raise field_error("org", ORG_NOT_IN_SCOPE)
    job = upload_import(
        by=request.auth, kind=form.kind, file_name=file.name or "", content=file.read(), org=org
    )
    return Status(201, ImportJob.objects.defer("content").get(pk=job.pk))


@router.get("/{job_id}", response=JobOut)
def get_job(request, job_id: Id):
    return _job(request, job_id)


@router.get("/{job_id}/errors", response=ProblemPageOut)
def list_errors(request, job_id: Id, limit: int = page_size(100, 1000), cursor: str = cursor()):
    """The problems of the file, by row, a page at a time (``next_cursor`` for the next page)."""
    job = _job(request, job_id)
    after = int(cursor) if cursor.isdigit() and len(cursor) < 19 else 0
    items = list(job.problems.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return {"items": items, "next_cursor": str(items[-1].pk) if more else None}


@router.post("/{job_id}/commit", response={202: JobOut})
def commit(request, job_id: Id):
    """Commit a checked file (status ``ready``) in the background; any bad row and nothing is saved."""
    job = confirm_import(job=_job(request, job_id), by=request.auth)
    return Status(202, job)
