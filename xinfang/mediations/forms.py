"""Forms of the mediation pages: the HTML side of the actions' inputs (``inputs.py``, into which a step's cleaned
data is turned, carrying the limits); checks that need the database are the actions' (same messages as the
API)."""

from __future__ import annotations

from typing import cast

from django import forms

from xinfang.lib import idnumber
from xinfang.lib import phone as phones
from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Org, OrgKind

from .inputs import WorkerIn
from .models import QUEUES, ApplicationForm, Body, DisputeType, FollowUpKind, Performance, Status


class MediationForm(StyledForm):
    received_on = forms.DateField(label="收到申请日期", widget=DatePicker(attrs={"autofocus": True}))
    application_form = forms.ChoiceField(label="申请方式", choices=ApplicationForm.choices)
    body = forms.ChoiceField(label="调解组织", choices=Body.choices)
    body_name = forms.CharField(label="调解组织名称（企业调委会填写）", max_length=100, required=False)
    dispute_type = forms.ChoiceField(
        label="争议类型（第二条）", choices=[("", "请选择")] + DisputeType.choices
    )
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    employer_name = forms.CharField(label="用人单位", max_length=100, required=False)
    employer_credit_code = forms.CharField(label="统一社会信用代码（新单位）", max_length=18, required=False)
    employer_confirm_new = forms.BooleanField(label="确认新建用人单位", required=False)
    people_count = forms.IntegerField(label="涉及人数", min_value=1, initial=1)
    amount_claimed = forms.DecimalField(
        label="涉及金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    claims = forms.CharField(
        label="申请调解事项和理由（口头申请请当场记录）", widget=forms.Textarea(attrs={"rows": 4})
    )
    mediators = forms.CharField(label="调解员", max_length=100, required=False)
    accepted_on = forms.DateField(label="受理日期（当场受理时填写）", required=False, widget=DatePicker())
    org = forms.ModelChoiceField(
        label="责任组织", queryset=Org.objects.none(), required=False, empty_label="（本组织）"
    )
    petition = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org = cast(forms.ModelChoiceField, self.fields["org"])
        org.queryset = Org.objects.visible_to(user).exclude(kind=OrgKind.PARTNER)

    # Where the registration's input (MediationIn) names a value otherwise than this form.
    INPUT_FIELDS = {
        "employer_id": "employer",
        "new_employer_name": "employer_name",
        "new_employer_credit_code": "employer_credit_code",
        "confirm_new_employer": "employer_confirm_new",
        "petition_id": "petition",
        "org_id": "org",
    }

    def input_data(self, workers: list[WorkerIn]) -> dict:
        """What the registration's input (MediationIn) is made of."""
        d = self.cleaned_data
        return d | {
            "workers": workers,
            "employer_id": d["employer"],
            "new_employer_name": "" if d["employer"] else d["employer_name"],
            "new_employer_credit_code": "" if d["employer"] else d["employer_credit_code"],
            "confirm_new_employer": d["employer_confirm_new"],
            "petition_id": d["petition"],
            "org_id": d["org"].pk if d["org"] else None,
        }


class WorkerForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(
        label="身份证号", max_length=18, required=False, validators=[idnumber.validate_id_number]
    )
    phone = forms.CharField(
        label="联系电话", max_length=20, required=False, validators=[phones.validate_phone]
    )
    address = forms.CharField(label="住址", max_length=200, required=False)
    is_representative = forms.BooleanField(label="推举的代表", required=False)


WorkerFormSet = forms.formset_factory(WorkerForm, extra=0, min_num=1, validate_min=True, max_num=100)


class MediationFilterForm(StyledForm):
    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "编号 / 申请人 / 用人单位"}),
    )
    received_from = forms.DateField(label="收到日期自", required=False, widget=DatePicker())
    received_to = forms.DateField(label="至", required=False, widget=DatePicker())
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态")] + Status.choices, required=False)
    dispute_type = forms.ChoiceField(
        label="争议类型", choices=[("", "全部类型")] + DisputeType.choices, required=False
    )
    body = forms.ChoiceField(label="调解组织", choices=[("", "全部")] + Body.choices, required=False)
    org = forms.TypedChoiceField(label="组织", coerce=int, required=False, empty_value=None)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lapsed = forms.BooleanField(label="仅期限届满", required=False)
    queue = forms.ChoiceField(label="工作队列", required=False, choices=[("", "全部")] + list(QUEUES.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["org"]).choices = [("", "全部组织")] + [
            (pk, "　" * (len(path) // 6 - 1) + name)
            for pk, name, path in Org.objects.visible_to(user)
            .exclude(kind=OrgKind.PARTNER)
            .values_list("pk", "name", "path")
        ]


class AcceptForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    accepted_on = forms.DateField(label="受理日期", widget=DatePicker())


class SessionForm(StyledForm):
    held_on = forms.DateField(label="调解日期", widget=DatePicker())
    place = forms.CharField(label="地点", max_length=100)
    attendees = forms.CharField(label="参加人员", max_length=300)
    minutes = forms.CharField(label="调解笔录（要点）", widget=forms.Textarea(attrs={"rows": 3}))


class ConclusionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label="调解结果",
        choices=[("", "请选择")]
        + [(s.value, s.label) for s in Status if s not in (Status.RECEIVED, Status.MEDIATING)],
    )
    result_on = forms.DateField(label="结果日期", widget=DatePicker())
    note = forms.CharField(label="原因（调解不成、撤回、不予受理时填写）", required=False)
    agreement_terms = forms.CharField(
        label="协议内容（调解成功时填写）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount_agreed = forms.DecimalField(
        label="协议金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    performance_due_on = forms.DateField(label="履行期限", required=False, widget=DatePicker())
    performance_manner = forms.CharField(label="履行方式", max_length=200, required=False)
    archive_number = forms.CharField(label="归档号", max_length=40, required=False)


class AddWorkersForm(StyledForm):
    """The version of the case whose list of workers is completed (the workers come in a WorkerFormSet)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class WorkerAmountsForm(StyledForm):
    """Each registered worker's share of the agreed amount: one field per worker (``amount_<id>``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        for w in workers:
            self.fields[f"amount_{w.pk}"] = forms.DecimalField(
                label=f"{w.name}（元）",
                max_digits=14,
                decimal_places=2,
                min_value=0,
                initial=w.amount_agreed,
            )

    def input_data(self, d: dict) -> dict:
        """What the amounts' input (WorkerAmountsIn) is made of."""
        amounts = [
            {"worker_id": int(name.removeprefix("amount_")), "amount": value}
            for name, value in d.items()
            if name.startswith("amount_")
        ]
        return {"version": d["version"], "amounts": amounts}


class PerformanceForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    performance = forms.ChoiceField(label="履行情况", choices=[("", "请选择")] + Performance.choices)
    performed_on = forms.DateField(
        label="履行情况日期", required=False, widget=DatePicker(), help_text="当天核实的不必改；补录时填写"
    )
    amount_recovered = forms.DecimalField(
        label="实际追回金额（元）", max_digits=14, decimal_places=2, required=False
    )
    confirm_over_agreed = forms.BooleanField(label="确认金额无误（超过协议金额时勾选）", required=False)


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label="后续程序", choices=FollowUpKind.choices)
    on = forms.DateField(label="日期", widget=DatePicker())
    note = forms.CharField(label="说明", max_length=500, required=False)


class MediationDocumentForm(StyledForm):
    """Generating a document: its kind comes from the button pressed."""

    kind = forms.CharField(label="文书", max_length=30, required=False)
