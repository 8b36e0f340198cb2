"""With the database backend (production's), an upload only queues its check: the job waits until the worker
(``manage.py db_worker``) runs it, and the same for the commit."""

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from xinfang.imports.actions import confirm_import, upload_import
from xinfang.imports.models import JobStatus
from xinfang.orgs.models import Employer

from .conftest import xlsx


def test_the_worker_runs_the_queued_check_and_commit(settings, monkeypatch, registrar):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The worker closes stale connections between tasks; inside the test's transaction that would end the test.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def work():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    content = xlsx(["单位名称"], [["深圳市甲公司"], ["深圳市乙公司"]])
    job = upload_import(by=registrar, kind="employers", file_name="a.xlsx", content=content)
    assert job.status == JobStatus.CHECKING
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs["args"]) == ("xinfang.imports.tasks.check_import", [job.pk])
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.READY and DBTaskResult.objects.successful().count() == 1

    job = confirm_import(job=job, by=registrar)
    assert job.status == JobStatus.COMMITTING and not Employer.objects.exists()
    work()
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTED and Employer.objects.count() == 2
