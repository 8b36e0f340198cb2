"""The HTML side of the collective-contract pages: the list's filters (the same names as ``matching`` and the
API's query)."""

from __future__ import annotations

from typing import cast

from django import forms

from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Org, OrgKind

from .models import QUEUES, ContractKind, ContractType, Status


class ContractFilterForm(StyledForm):
    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "编号 / 用人单位方 / 工会"}),
    )
    signed_from = forms.DateField(label="签订日期自", required=False, widget=DatePicker())
    signed_to = forms.DateField(label="至", required=False, widget=DatePicker())
    contract_type = forms.ChoiceField(
        label="合同类型", choices=[("", "全部类型")] + ContractType.choices, required=False
    )
    kind = forms.ChoiceField(label="合同种类", choices=[("", "全部种类")] + ContractKind.choices, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态")] + Status.choices, required=False)
    org = forms.TypedChoiceField(label="组织", coerce=int, required=False, empty_value=None)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    queue = forms.ChoiceField(label="工作队列", required=False, choices=[("", "全部")] + list(QUEUES.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["org"]).choices = [("", "全部组织")] + [
            (pk, "　" * (len(path) // 6 - 1) + name)
            for pk, name, path in Org.objects.visible_to(user)
            .exclude(kind=OrgKind.PARTNER)
            .values_list("pk", "name", "path")
        ]
