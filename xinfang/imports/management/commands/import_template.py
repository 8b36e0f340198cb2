"""The import templates: the kinds, one kind's template as .xlsx, or its columns as JSON for other systems.

    python manage.py import_template --list
    python manage.py import_template employers employers.xlsx [--user USERNAME]
    python manage.py import_template employers --spec [--user USERNAME]

The drop-down lists of organisations hold those in the user's scope (every one without ``--user``).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.imports.registry import import_kind, import_kinds
from xinfang.imports.rows import ImportContext
from xinfang.imports.workbooks import template_xlsx


class Command(BaseCommand):
    help = "导入模板：列出可导入的类型（--list），写出某类型的模板（.xlsx），或以 JSON 输出其各列（--spec）"

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="导入类型，如 employers")
        parser.add_argument("out", nargs="?", help="写出的模板文件（.xlsx）")
        parser.add_argument("--list", action="store_true", help="列出可导入的类型，每行一个")
        parser.add_argument("--spec", action="store_true", help="以 JSON 输出该类型的各列")
        parser.add_argument("--user", help="按该用户的管辖范围列出可选的组织")

    def handle(self, *args, kind=None, out=None, list=False, spec=False, user=None, **options):
        if list:
            for each in import_kinds():
                self.stdout.write(f"{each.key} {each.title}")
            return
        chosen = import_kind(kind or "")
        if chosen is None:
            keys = "、".join(k.key for k in import_kinds())
            raise CommandError(f"请指定导入类型（{keys}），或用 --list 列出。")
        importer = None
        if user:
            importer = User.objects.select_related("org").filter(username=user).first()
            if importer is None:
                raise CommandError(f"没有用户 {user}。")
        context = ImportContext(user=importer, org=importer.org if importer else None)
        if spec:
            self.stdout.write(json.dumps(chosen.spec(context), ensure_ascii=False, indent=2))
            return
        if not out:
            raise CommandError("请指定写出的模板文件，如 employers.xlsx（或用 --spec 输出各列）。")
        Path(out).write_bytes(template_xlsx(chosen, context))
        self.stdout.write(f"已写出{chosen.title}导入模板：{out}")
