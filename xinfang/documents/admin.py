from django import forms
from django.contrib import admin

from xinfang.lib.filetypes import sniff

from .models import DocumentTemplate
from .registry import templates
from .render import check_template


def kind_choices() -> list[tuple[str, str]]:
    return [(key, spec.title) for key, spec in templates().items()]


class DocumentTemplateForm(forms.ModelForm):
    kind = forms.ChoiceField(label="文书", choices=kind_choices)

    class Meta:
        model = DocumentTemplate
        fields = ["kind", "file", "is_active"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8192)
        upload.seek(0)
        found = sniff(head)
        if found is None or found.extension != ".docx":
            raise forms.ValidationError("模板文件须为 Word 文档（.docx）。")
        return upload

    def clean(self):
        """The template is checked for its document before it is saved: only that document's fields, the allowed
        filters and tags, no internal attributes (see docs/documents.md)."""
        cleaned = super().clean() or self.cleaned_data
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload and kind and "file" not in self.errors:
            upload.open("rb")
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            problems = check_template(content, kind)
            if problems:
                self.add_error("file", [f"模板不能使用：{p}" for p in problems])
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    form = DocumentTemplateForm
    list_display = ["kind", "is_active", "uploaded_by", "uploaded_at", "template_check"]
    list_filter = ["kind", "is_active"]

    @admin.display(description="模板检查")
    def template_check(self, obj: DocumentTemplate) -> str:
        """A template stored before uploads were checked shows its problems here (it is refused at generation
        where it breaks the sandbox's rules)."""
        try:
            with obj.file.open("rb") as f:
                problems = check_template(f.read(), obj.kind)
        except OSError:
            return "文件缺失"
        return "；".join(problems) if problems else "通过"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
