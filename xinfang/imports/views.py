"""The import page: upload → preview (every bad row) → commit, each step a background task whose progress the job's
page polls with htmx; the templates and the exports of every kind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.audit.models import AccessAction, filter_detail, log_access
from xinfang.lib.exceptions import ActionError
from xinfang.lib.spreadsheets import table_xlsx
from xinfang.lib.steps import add_action_errors

from .actions import confirm_import, upload_import
from .forms import UploadForm
from .models import ImportJob
from .registry import ImportKind, import_kind, import_kinds
from .rows import ImportContext
from .workbooks import export_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 500  # the page lists this many; the whole list downloads as a sheet
RECENT_JOBS = 20


def _jobs(request):
    return ImportJob.objects.visible_to(request.user).defer("content")


@login_required
def import_page(request):
    user = request.user
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = upload_import(
                by=user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                content=upload.read(),
                org=form.cleaned_data["org"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
        except ActionError as error:
            messages.error(request, error.message)
        else:
            return redirect("imports:job", pk=job.pk)
    # (kind, may import it, has an export): a template cannot ask, it would call the functions
    kinds = [
        (kind, kind.may_import(user), kind.records is not None)
        for kind in import_kinds()
        if kind.may_import(user) or kind.records is not None
    ]
    return render(
        request,
        "imports/import_page.html",
        {
            "form": form,
            "kinds": kinds,
            "may_import": any(allowed for _, allowed, _ in kinds),
            "jobs": _jobs(request).select_related("org")[:RECENT_JOBS],
        },
    )


def _job_context(job: ImportJob) -> dict:
    return {
        "job": job,
        "problems": job.problems.all()[:SHOWN_PROBLEMS] if job.problem_count else [],
        "shown_problems": SHOWN_PROBLEMS,
    }


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(_jobs(request).select_related("org"), pk=pk)
    return render(request, "imports/job_detail.html", _job_context(job))


@login_required
def job_status(request, pk: int):
    """htmx: the job's status panel, polled every second while the job runs."""
    job = get_object_or_404(_jobs(request).select_related("org"), pk=pk)
    return render(request, "imports/_job_status.html", _job_context(job))


@login_required
@require_POST
def job_commit(request, pk: int):
    job = get_object_or_404(_jobs(request), pk=pk)
    try:
        confirm_import(job=job, by=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    return redirect("imports:job", pk=job.pk)


@login_required
def job_problems(request, pk: int):
    """Every problem of a job's file, as a sheet."""
    job = get_object_or_404(_jobs(request), pk=pk)
    rows = (
        [p.row or "文件", p.column, p.message, p.value]
        for p in job.problems.order_by("pk").iterator(chunk_size=2000)
    )
    content = table_xlsx(
        "导入问题清单",  # a sheet title: no file name, whose characters a sheet title may not hold
        ["行号", "列", "问题", "填写的内容"],
        rows,
        widths=[8, 18, 60, 30],
    )
    return _xlsx(content, f"import-{job.pk}-problems.xlsx")


def _kind_or_404(key: str) -> ImportKind:
    kind = import_kind(key)
    if kind is None:
        raise Http404("没有该导入类型。")
    return kind


@login_required
def template_download(request, kind: str):
    chosen = _kind_or_404(kind)
    if not chosen.may_import(request.user):
        raise Http404("没有该导入类型。")
    content = template_xlsx(chosen, ImportContext(user=request.user, org=request.user.org))
    return _xlsx(content, f"{chosen.key}-template.xlsx")


@login_required
def export_download(request, kind: str):
    """The kind's list as its page filters it, with the import's columns (so that it imports again)."""
    chosen = _kind_or_404(kind)
    if chosen.records is None:
        raise Http404("该类型没有导出。")
    records = chosen.records(request.user, request.GET)
    content = export_xlsx(chosen, records.iterator(chunk_size=1000))
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=records.model,
        detail=filter_detail(request.GET),
        request=request,
    )
    return _xlsx(content, f"{chosen.key}-{timezone.localdate():%Y%m%d}.xlsx")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
