"""Running an import job: the check (the preview; writes no record) and the commit (everything again, then the
save, in one transaction: any bad row and nothing is saved). The page and the API run both as background tasks
(``tasks.py``); ``manage.py import_records`` runs them in its own process."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from xinfang.policies.models import policy

from .models import ImportJob, ImportProblem, JobStatus
from .reading import UNREADABLE, FileRefused, open_sheet
from .registry import ImportKind, import_kind
from .rows import ImportContext, Problem, Problems, Row

logger = logging.getLogger(__name__)

BATCH = 500  # rows per batch: each kind's database checks run once per batch
FAILED = "导入时发生系统错误，未保存任何数据。请稍后重试，或联系管理员。"
CONFLICT = "导入时有他人同时登记了相同的记录，未保存任何数据。请重新上传该文件。"


@dataclass(frozen=True)
class Outcome:
    rows: int  # data rows read
    problems: list[Problem]
    summary: str  # the kind's result, when committed


class _Refused(Exception):
    """Rolls back the commit's transaction: a row was refused."""


def check(job: ImportJob, *, progress: bool = True) -> Outcome:
    """Read and check every row; nothing is written but the job's progress."""
    kind = _kind(job)
    ctx = ImportContext(user=job.user, org=job.org)
    problems = Problems(kind)
    rows = _go(job, kind, ctx, problems, save=False, progress=progress)
    return Outcome(rows, problems.ordered(), "")


def commit(job: ImportJob) -> Outcome:
    """Check every row again and save them batch by batch, in one transaction that is rolled back if any row is
    refused (by the checks, or by an action while saving)."""
    kind = _kind(job)
    ctx = ImportContext(user=job.user, org=job.org)
    problems = Problems(kind)
    rows = 0
    try:
        with transaction.atomic():
            rows = _go(job, kind, ctx, problems, save=True, progress=False)
            if problems:
                raise _Refused
    except _Refused:
        return Outcome(rows, problems.ordered(), "")
    return Outcome(rows, [], kind.summary(ctx.counts))


def _kind(job: ImportJob) -> ImportKind:
    kind = import_kind(job.kind)
    if kind is None:
        raise LookupError(f"no import kind {job.kind!r}")
    return kind


def _go(
    job: ImportJob, kind: ImportKind, ctx: ImportContext, problems: Problems, *, save: bool, progress: bool
) -> int:
    sheet = open_sheet(bytes(job.content), kind, problems)
    if sheet is None:
        return 0
    if progress:
        ImportJob.objects.filter(pk=job.pk).update(rows_total=sheet.estimated_rows, rows_done=0)
    done = 0
    try:
        for batch in _batches(sheet.read(ctx, problems, max_rows=policy("import_max_rows"), batch=BATCH)):
            kind.check(batch, ctx, problems)
            if save and not problems:
                kind.save(batch, ctx, problems)
            done += len(batch)
            if progress:
                ImportJob.objects.filter(pk=job.pk).update(rows_done=done)
    except FileRefused as refused:
        problems.add_to_file(refused.message)
    if done == 0 and not problems:
        problems.add_to_file("文件中没有数据行（模板的示例行不会导入）。")
    return done


def _batches(batches: Iterator[list[Row]]) -> Iterator[list[Row]]:
    """The sheet's batches; a file that breaks while it is read (a damaged workbook) is a problem of the file."""
    try:
        yield from batches
    except FileRefused:
        raise
    except Exception as error:  # openpyxl's many kinds of refusal of a damaged file
        logger.info("an uploaded workbook broke while read", exc_info=True)
        raise FileRefused(UNREADABLE) from error


# --- Jobs: run and record -------------------------------------------------------------------------------------


def run_check(job_id: int) -> ImportJob:
    """Check a job's file and record the outcome: ready to commit, or refused with its problems."""
    job = ImportJob.objects.select_related("user", "user__org", "org").get(pk=job_id)
    try:
        outcome = check(job)
    except Exception:
        logger.exception("import job %s: the check failed", job_id)
        return _finish(job, JobStatus.FAILED, summary=FAILED)
    status = JobStatus.REFUSED if outcome.problems else JobStatus.READY
    summary = "" if outcome.problems else f"检查通过：共{outcome.rows}行，可以导入。"
    return _finish(job, status, problems=outcome.problems, rows=outcome.rows, summary=summary)


def run_commit(job_id: int) -> ImportJob:
    """Commit a job that was claimed for committing (status ``committing``) and record the outcome."""
    job = ImportJob.objects.select_related("user", "user__org", "org").get(pk=job_id)
    try:
        outcome = commit(job)
    except IntegrityError:
        logger.warning("import job %s: a concurrent registration won", job_id, exc_info=True)
        return _finish(job, JobStatus.FAILED, summary=CONFLICT)
    except Exception:
        logger.exception("import job %s: the commit failed", job_id)
        return _finish(job, JobStatus.FAILED, summary=FAILED)
    if outcome.problems:
        return _finish(job, JobStatus.REFUSED, problems=outcome.problems, rows=outcome.rows)
    return _finish(job, JobStatus.COMMITTED, rows=outcome.rows, summary=outcome.summary)


def _finish(
    job: ImportJob,
    status: str,
    *,
    problems: Sequence[Problem] = (),
    rows: int | None = None,
    summary: str = "",
) -> ImportJob:
    now = timezone.now()
    with transaction.atomic():
        job.problems.all().delete()
        ImportProblem.objects.bulk_create(
            (
                ImportProblem(
                    job=job, row=p.row, column=p.column[:60], message=p.message[:300], value=p.value[:200]
                )
                for p in problems
            ),
            batch_size=1000,
        )
        changes = {"status": status, "problem_count": len(problems), "summary": summary[:300]}
        if rows is not None:
            changes |= {"rows_total": rows, "rows_done": rows}
        if status in (JobStatus.READY, JobStatus.REFUSED) and job.status == JobStatus.CHECKING:
            changes["checked_at"] = now
        if status == JobStatus.COMMITTED:
            changes["committed_at"] = now
        ImportJob.objects.filter(pk=job.pk).update(**changes)
    job.refresh_from_db()
    return job
