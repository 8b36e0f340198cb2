"""The HTML side of the unions ledger's inputs (their cleaned data is turned into the inputs)."""

from __future__ import annotations

from django import forms

from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Org, OrgKind

from .models import BatchKind, MemberBatch, MemberBatchQuerySet, Origin, UnionKind, UnionStatus


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DatePicker())


class _UnionFieldsForm(StyledForm):
    """The union's own fields, shared by the registration and the edit page."""

    name = forms.CharField(label="工会名称", max_length=100)
    kind = forms.ChoiceField(label="工会类型", choices=UnionKind.choices)
    founded_on = _date("建会日期")
    approved_by = forms.ModelChoiceField(
        label="批准机关", queryset=Org.objects.none(), required=False, empty_label="（未填）"
    )
    approval_ref = forms.CharField(label="批复文号", max_length=50, required=False)
    approved_on = _date("批准日期", required=False)
    chair = forms.CharField(label="工会主席", max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = Org.objects.filter(  # type: ignore[attr-defined]
            kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE, OrgKind.UPPER), is_active=True
        ).order_by("path")


class UnionForm(_UnionFieldsForm):
    origin = forms.ChoiceField(label="来源", choices=Origin.choices, initial=Origin.FOUNDED)
    org = forms.ModelChoiceField(
        label="所属工委会", queryset=Org.objects.none(), required=False, empty_label="本单位"
    )
    workers = forms.IntegerField(label="职工人数", min_value=0, initial=0)
    members = forms.IntegerField(label="会员人数", min_value=0, initial=0)
    counted_on = _date("人数统计日期", required=False)
    transferred_on = _date("转入日期（转入的填）", required=False)
    transferred_from = forms.CharField(label="转出单位（转入的填）", max_length=100, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Org.objects.visible_to(user).filter(kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE))
        self.fields["org"].queryset = owners  # type: ignore[attr-defined]

    def input_data(self) -> dict:
        data = dict(self.cleaned_data)
        org, approver = data.pop("org"), data.pop("approved_by")
        data.pop("origin")
        return data | {"org_id": org.pk if org else None, "approved_by_id": approver.pk if approver else None}


class UnionEditForm(_UnionFieldsForm):
    """The edit page: the union's own fields (its head count, coverage and end have their own steps), and the
    version the page was loaded at, so that an edit made meanwhile by someone else is refused, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def input_data(self) -> dict:
        data = dict(self.cleaned_data)
        approver = data.pop("approved_by")
        return data | {"approved_by_id": approver.pk if approver else None}


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


class BatchFilterForm(StyledForm):
    """The member batches list's filters (and its Excel export's: ``imports.batch_records``)."""

    org = forms.TypedChoiceField(label="所属工委会", coerce=int, empty_value=None, required=False)
    union = forms.CharField(
        label="基层工会",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "工会名称"}),
    )
    kind = forms.ChoiceField(label="类别", choices=[("", "全部")] + BatchKind.choices, required=False)
    on_from = _date("日期自", required=False)
    on_to = _date("至", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        owners = (
            Org.objects.visible_to(user)
            .filter(kind__in=(OrgKind.FEDERATION, OrgKind.COMMITTEE))
            .order_by("path")
            .values_list("pk", "name", "path")
        )
        # a batch belongs to its union's owner: the federation or a working committee, indented by depth
        choices = [("", "全部")] + [(pk, "　" * (len(path) // 6 - 1) + name) for pk, name, path in owners]
        self.fields["org"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("on_from"), data.get("on_to")
        if start and end and end < start:
            self.add_error("on_to", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> dict:
        """The cleaned filters as ``MemberBatchQuerySet.matching`` takes them (the form is valid)."""
        data = dict(self.cleaned_data)
        org_id = data.pop("org")
        data["org"] = Org.objects.visible_to(self.user).filter(pk=org_id).first() if org_id else None
        return data


def filtered_batches(user, query) -> MemberBatchQuerySet:
    """The member batches the user sees, as the list's filters (``query``: its GET parameters) choose them; none
    when a filter is refused (the form then says which, in Chinese)."""
    return chosen_batches(BatchFilterForm(query or None, user=user))


def chosen_batches(form: BatchFilterForm) -> MemberBatchQuerySet:
    """The batches a built filter form chooses, in its user's scope."""
    scoped = MemberBatch.objects.visible_to(form.user)
    if not form.is_bound:
        return scoped
    return scoped.matching(**form.filters()) if form.is_valid() else scoped.none()
