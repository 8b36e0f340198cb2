"""Write the default .docx templates (xinfang/documents/templates_docx) from their block definitions.

    python manage.py build_document_templates

Run it after changing a template's blocks and commit the files. Administrators replace a template without code
in 系统管理 › 文书模板.
"""

from django.core.management.base import BaseCommand

from xinfang.documents.layout import build
from xinfang.documents.registry import templates
from xinfang.documents.render import DEFAULTS_DIR


class Command(BaseCommand):
    help = "生成默认文书模板（.docx）"

    def handle(self, *args, **options):
        DEFAULTS_DIR.mkdir(exist_ok=True)
        for key, spec in templates().items():
            (DEFAULTS_DIR / f"{key}.docx").write_bytes(build(list(spec.blocks)))
            self.stdout.write(f"{key}.docx  {spec.title}")
