"""Import a file on the server, in this process (no worker needed): the same check and the same commit as the
import page.

    python manage.py import_records orgs orgs.xlsx                          # a new installation's tree
    python manage.py import_records persons persons.xlsx --org 440303-01 --user dengji [--dry-run]

Without ``--user`` the command imports as an operator, unscoped (the organisation tree of a new installation);
with it, as that user on the page: his scope and his rights. The exit code is 0 only when the file was committed
(or, with ``--dry-run``, would be); every problem is printed with its row and column.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.imports import running
from xinfang.imports.models import ImportJob, JobStatus
from xinfang.imports.registry import import_kind, import_kinds
from xinfang.orgs.models import Org, normalize_org_code


class Command(BaseCommand):
    help = "从 Excel 文件导入（与数据导入页面相同的检查；任何一行有错误则不导入）"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="导入类型，如 persons（manage.py import_template --list）")
        parser.add_argument("file", help="Excel 文件（.xlsx）")
        parser.add_argument("--org", help="导入到组织（组织代码）：各行未填写组织时记在其名下")
        parser.add_argument(
            "--user", help="以该用户的身份和管辖范围导入（不指定：以服务器管理员身份，不限范围）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    def handle(self, *args, kind, file, org=None, user=None, dry_run=False, **options):
        chosen = import_kind(kind)
        if chosen is None:
            raise CommandError(f"没有导入类型 {kind}（可用：{'、'.join(k.key for k in import_kinds())}）。")
        importer = self._user(user)
        if importer is not None and not chosen.may_import(importer):
            raise CommandError(f"用户 {importer.username} 不能导入{chosen.title}。")
        target = self._org(org, importer)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件 {file}。")
        job = ImportJob.objects.create(
            kind=chosen.key, user=importer, org=target, file_name=path.name[-200:], content=path.read_bytes()
        )
        job = running.run_check(job.pk)
        if job.status == JobStatus.READY and not dry_run:
            ImportJob.objects.filter(pk=job.pk, status=JobStatus.READY).update(status=JobStatus.COMMITTING)
            job = running.run_commit(job.pk)
        self._report(job, dry_run)
        if job.status not in (JobStatus.COMMITTED, JobStatus.READY):
            raise CommandError("未导入任何数据。", returncode=1)

    def _user(self, username):
        if not username:
            return None
        found = User.objects.select_related("org").filter(username=username, is_active=True).first()
        if found is None:
            raise CommandError(f"没有启用的用户 {username}。")
        return found

    def _org(self, code, importer):
        if not code:
            return importer.org if importer else None
        orgs = Org.objects.all() if importer is None else Org.objects.visible_to(importer)
        found = orgs.filter(code=normalize_org_code(code)).first()
        if found is None:
            raise CommandError(f"没有组织代码为 {code} 的组织，或它不在该用户的管辖范围内。")
        return found

    def _report(self, job: ImportJob, dry_run: bool) -> None:
        for problem in job.problems.order_by("pk").iterator():
            where = f"第{problem.row}行" if problem.row else "文件"
            column = f"「{problem.column}」" if problem.column else ""
            value = f"（填写的内容：{problem.value}）" if problem.value else ""
            self.stderr.write(f"{where}{column}：{problem.message}{value}")
        if job.status == JobStatus.READY:
            self.stdout.write(f"{job.summary}（--dry-run：未导入）" if dry_run else job.summary)
        elif job.status == JobStatus.COMMITTED:
            self.stdout.write(f"已导入：{job.summary}")
        elif job.status == JobStatus.REFUSED:
            self.stderr.write(f"共{job.problem_count}个问题，未导入任何数据。")
        else:
            self.stderr.write(job.summary)
