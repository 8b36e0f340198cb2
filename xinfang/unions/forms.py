"""The HTML side of the unions ledger's inputs (their cleaned data is turned into the inputs)."""

from __future__ import annotations

from django import forms

from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Org, OrgKind

from .models import BatchKind, Origin, UnionKind, UnionStatus


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DatePicker())


class UnionForm(StyledForm):
    origin = forms.ChoiceField(label="来源", choices=Origin.choices, initial=Origin.FOUNDED)
    name = forms.CharField(label="工会名称", max_length=100)
    kind = forms.ChoiceField(label="工会类型", choices=UnionKind.choices)
    founded_on = _date("建会日期")
    org = forms.ModelChoiceField(
        label="所属工委会", queryset=Org.objects.none(), required=False, empty_label="本单位"
    )
    approved_by = forms.ModelChoiceField(
        label="批准机关", queryset=Org.objects.none(), required=False, empty_label="（未填）"
    )
    approval_ref = forms.CharField(label="批复文号", max_length=50, required=False)
    approved_on = _date("批准日期", required=False)
    chair = forms.CharField(label="工会主席", max_length=50, required=False)
    workers = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    members = forms.IntegerField(label="会员人数", min_value=0, initial=0)
    counted_on = _date("人数统计日期", required=False)
    transferred_on = _date("转入日期（转入的填）", required=False)
    transferred_from = forms.CharField(label="转出单位（转入的填）", max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Org.objects.visible_to(user).filter(kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE))
        self.fields["org"].queryset = owners  # type: ignore[attr-defined]
        self.fields["approved_by"].queryset = Org.objects.filter(  # type: ignore[attr-defined]
            kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE, OrgKind.UPPER), is_active=True
        ).order_by("path")

    def input_data(self) -> dict:
        data = dict(self.cleaned_data)
        org, approver = data.pop("org"), data.pop("approved_by")
        data.pop("origin")
        return data | {"org_id": org.pk if org else None, "approved_by_id": approver.pk if approver else None}


class UnionFilterForm(StyledForm):
    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "工会名称 / 主席"})
    )
    kind = forms.ChoiceField(label="类型", choices=[("", "全部")] + UnionKind.choices, required=False)
    origin = forms.ChoiceField(label="来源", choices=[("", "全部")] + Origin.choices, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部")] + UnionStatus.choices, required=False)


class HeadcountForm(StyledForm):
    workers = forms.IntegerField(label="职工人数", min_value=0)
    members = forms.IntegerField(label="会员人数", min_value=0)
    counted_on = _date("统计日期")
    version = forms.IntegerField(widget=forms.HiddenInput)


class CoverageForm(StyledForm):
    employer = forms.CharField(label="用人单位（统一社会信用代码或全称）", max_length=100)
    start_on = _date("覆盖起始日期")
    workers = forms.IntegerField(label="本单位职工人数", min_value=0, required=False)
    members = forms.IntegerField(label="本单位会员人数", min_value=0, required=False)


class CoverageEndForm(StyledForm):
    coverage = forms.IntegerField(widget=forms.HiddenInput)
    end_on = _date("终止日期")


class BatchForm(StyledForm):
    kind = forms.ChoiceField(label="类别", choices=BatchKind.choices)
    on = _date("日期")
    count = forms.IntegerField(label="人数", min_value=1)
    migrant_workers = forms.IntegerField(label="其中农民工", min_value=0, initial=0)
    women = forms.IntegerField(label="其中女职工", min_value=0, initial=0)
    destination = forms.CharField(label="转往单位（转出的填）", max_length=100, required=False)


class EndForm(StyledForm):
    ended_on = _date("合并/撤销日期")
    merged_into = forms.CharField(label="并入工会名称（合并时填，撤销不填）", max_length=100, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ObligationFilterForm(StyledForm):
    which = forms.ChoiceField(
        label="清单",
        choices=[
            ("short", "已覆盖但会员达标、未单独建会"),
            ("none", "未建工会的单位"),
            ("unrecorded", "名录称已建会、台账无记录"),
        ],
        required=False,
    )
