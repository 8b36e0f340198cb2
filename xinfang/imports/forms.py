from __future__ import annotations

from typing import cast

from django import forms

from xinfang.lib.formstyle import StyledForm
from xinfang.orgs.models import Org

from .registry import import_kinds


class UploadForm(StyledForm):
    kind = forms.ChoiceField(label="导入类型")
    org = forms.ModelChoiceField(
        label="导入到组织",
        queryset=Org.objects.none(),
        required=False,
        empty_label=None,
        help_text="各行未填写组织时，记在该组织名下。",
    )
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k.key, k.title) for k in import_kinds() if k.may_import(user)
        ]
        cast(forms.ModelChoiceField, self.fields["org"]).queryset = (
            Org.objects.visible_to(user).filter(is_active=True).order_by("path")
        )
        self.fields["org"].initial = user.org_id
