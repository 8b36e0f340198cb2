"""Starting an import and committing it: the page and the API call these; the work itself runs in the background
(``tasks.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from xinfang.lib.exceptions import ActionError, Conflict, NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.filetypes import sniff
from xinfang.orgs.models import Org
from xinfang.policies.models import policy

from .models import ImportJob, JobStatus
from .registry import import_kind
from .tasks import check_import, commit_import

if TYPE_CHECKING:
    from xinfang.accounts.models import User

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORG_NOT_IN_SCOPE = "导入到组织：该组织不存在，或不在您的管辖范围内。"


@transaction.atomic
def upload_import(
    *, by: User, kind: str, file_name: str, content: bytes, org: Org | None = None
) -> ImportJob:
    """Keep the uploaded file as a job of ``by`` and queue its check. ``org`` is the organisation imported into
    (the default organisation of every row): the user's own unless he names another in his scope."""
    errors = FieldErrors()
    chosen = import_kind(kind)
    if chosen is None:
        errors.add("kind", "请选择导入类型。")
    elif not chosen.may_import(by):
        raise NotAllowed(f"您的角色不能导入{chosen.title}。")
    if org is not None and not Org.objects.visible_to(by).filter(pk=org.pk).exists():
        errors.add("org", ORG_NOT_IN_SCOPE)
    limit_mb = policy("import_max_mb")
    if not content:
        errors.add("file", "请选择要导入的 Excel 文件。")
    elif len(content) > limit_mb * 1024 * 1024:
        errors.add("file", f"导入文件不能超过{limit_mb}MB，请分成几个文件导入。")
    else:
        found = sniff(content[:8192])
        if found is None or found.mime != XLSX:
            errors.add("file", "导入文件须为 Excel 工作簿（.xlsx）；旧的 .xls 请先在 Excel 中另存为 .xlsx。")
    errors.raise_if_any()
    job = ImportJob.objects.create(
        kind=kind,
        user=by,
        org=org or by.org,
        file_name=(file_name or "导入文件.xlsx")[-200:],
        content=content,
    )
    # The database backend queues in this same transaction: the worker sees the task when the job exists.
    check_import.enqueue(job.pk)
    return job


def confirm_import(*, job: ImportJob, by: User) -> ImportJob:
    """Commit a checked job (in the background). Only a job whose check found no problem can be committed, and
    only once: the claim is a conditional update."""
    chosen = import_kind(job.kind)
    if chosen is None or job.user_id != by.pk or not chosen.may_import(by):
        raise NotAllowed("您不能提交该导入。")
    if job.status == JobStatus.REFUSED:
        raise ActionError("文件有错误，未导入：请改正后重新上传。")
    if job.status != JobStatus.READY:
        raise ActionError(f"该导入不能再提交（{job.get_status_display()}）。")
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, status=JobStatus.READY).update(
            status=JobStatus.COMMITTING
        )
        if not claimed:
            raise Conflict("该导入已在另一处提交，请刷新页面查看结果。")
        commit_import.enqueue(job.pk)
    job.refresh_from_db()
    return job
