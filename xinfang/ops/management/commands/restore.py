from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xinfang.ops.backups import BackupError, restore


class Command(BaseCommand):
    help = "把 backup 命令生成的备份恢复到一个空的安装（先校验全部校验和，恢复后核对每张表的行数）"

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", type=Path)

    def handle(self, *args, backup_dir: Path, **options):
        try:
            manifest = restore(backup_dir)
        except BackupError as e:
            raise CommandError(str(e)) from e
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已恢复 {backup_dir}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件，均已核对。"
        )
