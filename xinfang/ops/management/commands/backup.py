from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和附件文件到一个空目录（含校验和清单 manifest.json）"

    def add_arguments(self, parser):
        parser.add_argument("out_dir", type=Path)

    def handle(self, *args, out_dir: Path, **options):
        try:
            manifest = backup(out_dir)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已备份到 {out_dir}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件。"
        )
