"""Forms of the petition pages: the HTML side of the actions' inputs (widgets, labels, choices for selects). A
step's cleaned data is turned into the action's input model (``inputs.py``, ``lib.steps.input_from``), which
carries the limits; a form's own checks use the same validators as the models."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone

from xinfang.lib import idnumber
from xinfang.lib import phone as phones
from xinfang.lib.formfields import BoundedDateField, DateTimeLocalInput
from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Org, OrgKind
from xinfang.people.models import Gender
from xinfang.policies.models import policy

from .inputs import PetitionerIn
from .models import (
    REJECT_REASONS_IN_FORCE,
    AssignmentRole,
    Category,
    Channel,
    Delivery,
    IntakeDecision,
    Kind,
    NoteKind,
    Outcome,
    PetitionerRole,
    Rating,
    RatingMethod,
    ReturnReason,
    ReviewResult,
    Source,
    Status,
)
from .models.petition import QUEUES


def category_choices() -> list:
    """Second-level categories grouped under their first level, for a <select> with <optgroup>s."""
    groups: dict[int, tuple[str, list]] = {}
    for c in (
        Category.objects.filter(is_active=True).select_related("parent").order_by("parent__order", "order")
    ):
        if c.parent is not None:
            groups.setdefault(c.parent.pk, (c.parent.name, []))[1].append((c.pk, c.name))
    return [("", "请选择诉求类别")] + [(name, items) for name, items in groups.values()]


class BodyChoiceField(forms.ModelChoiceField):
    """A body (转送/交办机关) of the list; one recorded at the desk says it is still to be checked."""

    def label_from_instance(self, obj) -> str:
        return obj.picker_label


class PetitionForm(StyledForm):
    channel = forms.ChoiceField(
        label="渠道",
        choices=Channel.choices,
        initial=Channel.VISIT,
        widget=forms.Select(attrs={"autofocus": True}),
    )
    received_at = forms.DateTimeField(
        label="收到时间", widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.DIRECT)
    source_org = BodyChoiceField(
        label="转送/交办机关", queryset=Org.objects.none(), required=False, empty_label="（直接受理时不填）"
    )
    source_org_name = forms.CharField(
        label="未列出的机关",
        max_length=100,
        required=False,
        help_text="列表中没有时填写全称，保存后由管理员核实",
    )
    source_ref = forms.CharField(label="转送/交办文号", max_length=50, required=False)
    people_count = forms.IntegerField(label="人数（人次）", min_value=1, initial=1)
    kind = forms.ChoiceField(label="信访类型", choices=Kind.choices, initial=Kind.CLAIM)
    category = forms.TypedChoiceField(label="诉求类别", coerce=int)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    employer_name = forms.CharField(label="被反映单位", max_length=100, required=False)
    employer_credit_code = forms.CharField(label="统一社会信用代码（新单位）", max_length=18, required=False)
    employer_confirm_new = forms.BooleanField(label="确认新建用人单位", required=False)
    amount = forms.DecimalField(
        label="涉及金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    is_urgent = forms.BooleanField(label="紧急重大（立即报告领导）", required=False)
    # No choice ("") leaves the action's default (检举控告类 is confidential, RULES.md 1.6), with or without
    # JavaScript; the registrar may choose either way.
    is_confidential = forms.TypedChoiceField(
        label="保密",
        choices=[("", "默认（检举控告类保密）"), ("yes", "保密"), ("no", "不保密")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    request = forms.CharField(label="信访请求", widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    org = forms.ModelChoiceField(
        label="责任组织", queryset=Org.objects.none(), required=False, empty_label="（本组织）"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = category_choices()
        source_org = cast(forms.ModelChoiceField, self.fields["source_org"])
        source_org.queryset = Org.objects.bodies()
        source_org.widget.attrs["data-picker"] = ""
        org = cast(forms.ModelChoiceField, self.fields["org"])
        org.queryset = Org.objects.visible_to(user).exclude(kind=OrgKind.PARTNER)
        self.fields["org"].widget.attrs["data-picker"] = ""
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        # 集体访 is inferred from the channel and the head count: said where the count is typed, and the badge
        # shows as soon as the threshold is reached (xinfang.js).
        self.collective_threshold = policy("collective_visit_threshold")
        count = self.fields["people_count"]
        count.help_text = (
            f"来访人数达到{self.collective_threshold}人的，登记为集体访，"
            f"须推选1～{policy('collective_visit_max_representatives')}名代表（身份选“代表”）。"
        )
        count.widget.attrs |= {
            "data-collective-threshold": self.collective_threshold,
            "data-collective-channel": Channel.VISIT,
        }

    def shows_collective(self) -> bool:
        """Whether the values shown make a collective visit (the badge beside the head count)."""
        try:
            count = int(self["people_count"].value() or 0)
        except (TypeError, ValueError):
            return False
        return self["channel"].value() == Channel.VISIT and count >= self.collective_threshold

    def clean_employer_credit_code(self) -> str:
        from xinfang.lib.creditcode import normalize, validate_credit_code

        code = normalize(self.cleaned_data["employer_credit_code"])
        if code:
            validate_credit_code(code)
        return code

    # Where the registration's input (PetitionIn) names a value otherwise than this form.
    INPUT_FIELDS = {
        "category_id": "category",
        "source_org_id": "source_org",
        "employer_id": "employer",
        "new_employer": "employer_name",
        "new_employer.name": "employer_name",
        "new_employer.credit_code": "employer_credit_code",
        "org_id": "org",
    }

    def input_data(self, petitioners: list[PetitionerIn]) -> dict:
        """What the registration's input (PetitionIn) is made of."""
        d = self.cleaned_data
        new_employer = None
        if not d.get("employer") and d.get("employer_name", "").strip():
            new_employer = {
                "name": d["employer_name"],
                "credit_code": d.get("employer_credit_code", ""),
                "confirm_new": d.get("employer_confirm_new", False),
            }
        return d | {
            "category_id": d["category"],
            "petitioners": petitioners,
            "source_org_id": d["source_org"].pk if d.get("source_org") else None,
            "employer_id": d.get("employer"),
            "new_employer": new_employer,
            "org_id": d["org"].pk if d.get("org") else None,
        }


class PetitionerForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="身份", choices=PetitionerRole.choices, initial=PetitionerRole.MAIN)
    id_number = forms.CharField(
        label="身份证号", max_length=18, required=False, validators=[idnumber.validate_id_number]
    )
    phone = forms.CharField(
        label="联系电话", max_length=20, required=False, validators=[phones.validate_phone]
    )
    gender = forms.ChoiceField(
        label="性别",
        choices=[("", "—"), (Gender.MALE, Gender.MALE.label), (Gender.FEMALE, Gender.FEMALE.label)],
        required=False,
    )
    address = forms.CharField(label="住址", max_length=200, required=False)


PetitionerFormSet = forms.formset_factory(PetitionerForm, extra=0, min_num=1, validate_min=True, max_num=50)


class CorrectionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    request = forms.CharField(label="信访请求", widget=forms.Textarea(attrs={"rows": 2}))
    facts = forms.CharField(label="事实", widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(
        label="涉及金额（元）", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    is_urgent = forms.BooleanField(label="紧急重大", required=False)
    reason = forms.CharField(
        label="更正理由", required=False, max_length=150, help_text="已办结的信访件更正须填写理由。"
    )

    def __init__(self, *args, closed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = closed


class PetitionFilterForm(StyledForm):
    """The filters of the petition list. Every field is optional; invalid values are ignored."""

    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "编号 / 信访人 / 被反映单位"}),
    )
    received_from = BoundedDateField(label="收到日期自", required=False, widget=DatePicker())
    received_to = BoundedDateField(label="至", required=False, widget=DatePicker())
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部渠道")] + Channel.choices, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型")] + Kind.choices, required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部状态")] + Status.choices, required=False)
    category = forms.TypedChoiceField(label="类别", coerce=int, required=False, empty_value=None)
    org = forms.TypedChoiceField(label="组织", coerce=int, required=False, empty_value=None)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    urgent = forms.BooleanField(label="仅紧急", required=False)
    collective = forms.BooleanField(label="仅集体访", required=False)
    due = forms.ChoiceField(
        label="期限",
        required=False,
        choices=[("", "全部期限"), ("soon", "临期"), ("overdue", "已超期")],
    )
    queue = forms.ChoiceField(label="工作队列", required=False, choices=[("", "全部")] + list(QUEUES.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cats = (
            Category.objects.filter(is_active=True)
            .order_by("parent_id", "order")
            .values_list("pk", "name", "parent_id")
        )
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", "全部类别")] + [
            (pk, name if parent else f"【{name}】") for pk, name, parent in cats
        ]
        cast(forms.ChoiceField, self.fields["org"]).choices = [("", "全部组织")] + [
            (pk, "　" * (len(path) // 6 - 1) + name)
            for pk, name, path in Org.objects.visible_to(user).values_list("pk", "name", "path")
        ]
        self.fields["org"].widget.attrs["data-picker"] = ""


class IntakeDecisionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="决定", choices=IntakeDecision.choices)
    reason_code = forms.ChoiceField(
        label="不予受理理由",
        choices=[("", "（不予受理时选择）")] + [(r.value, r.label) for r in REJECT_REASONS_IN_FORCE],
        required=False,
    )
    transferred_to = BodyChoiceField(
        label="转送机关", queryset=Org.objects.none(), required=False, empty_label="（转送时选择）"
    )
    competent_body = forms.CharField(
        label="有权处理的机关",
        max_length=100,
        required=False,
        help_text="告知另行提出、不属于工会职责范围不予受理时必填（告知信访人向其提出）；导入法定程序时可填写受理机构",
    )
    transferred_to_name = forms.CharField(
        label="未列出的机关",
        max_length=100,
        required=False,
        help_text="列表中没有时填写全称，保存后由管理员核实",
    )
    reason = forms.CharField(
        label="理由或说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(
        label="决定日期",
        required=False,
        widget=DatePicker(),
        help_text="当天决定的不必改；补录纸质决定时填写",
    )

    def __init__(self, *args, decisions: list[tuple[str, str]], petition, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["decision"]).choices = self.decisions = decisions
        target = cast(forms.ModelChoiceField, self.fields["transferred_to"])
        target.queryset = Org.objects.transfer_targets(petition.org)
        target.widget.attrs["data-picker"] = ""

    def chosen_decision(self) -> str:
        """The decision chosen now (the initial one: the first offered): the page shows the fields of the other
        decisions only when one of them is chosen."""
        return str(self["decision"].value() or (self.decisions[0][0] if self.decisions else ""))


class ExtensionForm(StyledForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365, initial=30)
    reason = forms.CharField(label="延期理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(StyledForm):
    note = forms.CharField(label="审批意见", max_length=500, required=False)


class ConclusionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="处理意见", choices=[("", "请选择")] + Outcome.choices)
    decision_text = forms.CharField(
        label="处理意见（查明的事实、理由和结论）", widget=forms.Textarea(attrs={"rows": 4})
    )
    legal_basis = forms.CharField(label="法律政策依据", max_length=500)
    replied_on = forms.DateField(label="答复日期", widget=DatePicker())
    delivery = forms.ChoiceField(label="送达方式", choices=[("", "请选择")] + Delivery.choices)
    amount_recovered = forms.DecimalField(
        label="追回金额（元，欠薪类填写）", max_digits=14, decimal_places=2, min_value=0, required=False
    )


class RatingForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label="评价结果", choices=[("", "请选择")] + Rating.choices)
    method = forms.ChoiceField(label="评价方式", choices=RatingMethod.choices)
    rated_on = forms.DateField(label="评价日期", widget=DatePicker())


class SupervisionForm(StyledForm):
    note = forms.CharField(label="督办意见", max_length=500)
    due_on = forms.DateField(label="要求完成日期", required=False, widget=DatePicker())


def unit_choices(petition) -> list[tuple[int, str]]:
    """Handling units of the petition's federation: committees, grassroots unions and partner units."""
    from .actions.assignments import HANDLING_UNIT_KINDS

    units = Org.objects.filter(
        path__startswith=petition.org.path[:6], kind__in=HANDLING_UNIT_KINDS, is_active=True
    ).values_list("pk", "name", "path")
    return [(pk, "　" * (len(path) // 6 - 2) + name) for pk, name, path in units]


class AssignForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    lead = forms.TypedChoiceField(label="主办单位", coerce=int, required=False, empty_value=None)
    lead_due_on = forms.DateField(label="主办期限", required=False, widget=DatePicker())
    assist = forms.TypedMultipleChoiceField(
        label="协办单位（可多选）",
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    assist_due_on = forms.DateField(label="协办期限", required=False, widget=DatePicker())
    instructions = forms.CharField(
        label="交办意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        choices = unit_choices(petition)
        cast(forms.ChoiceField, self.fields["lead"]).choices = [("", "（不新增主办单位）"), *choices]
        cast(forms.ChoiceField, self.fields["assist"]).choices = choices
        self.fields["assist"].widget.attrs["class"] = "form-select"
        for name in ("lead", "assist"):
            self.fields[name].widget.attrs["data-picker"] = ""

    @staticmethod
    def input_data(d: dict) -> dict:
        """What the assignment's input (AssignIn) is made of: the lead unit, then the assisting ones."""
        units = (
            [{"org_id": d["lead"], "role": AssignmentRole.LEAD, "due_on": d["lead_due_on"]}]
            if d["lead"]
            else []
        )
        units += [
            {"org_id": pk, "role": AssignmentRole.ASSIST, "due_on": d["assist_due_on"]} for pk in d["assist"]
        ]
        return {"version": d["version"], "units": units, "instructions": d["instructions"]}


class TakeForm(StyledForm):
    """签收: nothing to fill in; the petition's version on the page (a stale page is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.ChoiceField(label="退回原因", choices=[("", "请选择")] + ReturnReason.choices)
    note = forms.CharField(label="退回说明", max_length=500, required=False)


class FinishAssignmentForm(StyledForm):
    report = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the action checks each file's content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class NoteForm(StyledForm):
    kind = forms.ChoiceField(label="记录类型", choices=NoteKind.choices)
    happened_on = forms.DateField(label="日期", widget=DatePicker())
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label="附件（PDF、图片、Office 文档）", required=False)


class DocumentForm(StyledForm):
    """Generating a notice or letter; ``summary`` only for the 调查核实函 of a confidential case."""

    kind = forms.CharField(label="文书", max_length=30)
    summary = forms.CharField(
        label="核实事项摘要",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="保密信访件的调查核实函必填：用中性的语言概括需要核实的事项，不得引用信访人原文，"
        "不得写信访人姓名、身份证号码或电话号码。",
    )


class ReopenForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="重新办理理由", max_length=500)


class ReviewRequestForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.TypedChoiceField(label="复查（复核）机关", coerce=int)
    requested_on = forms.DateField(label="申请日期", widget=DatePicker())
    received_on = forms.DateField(label="收到申请日期", widget=DatePicker())
    request_text = forms.CharField(label="申请事项和理由", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["body"]).choices = [
            (o.pk, f"{o.name}（{o.get_kind_display()}）") for o in bodies
        ]


class ReviewDecisionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(label="结果", choices=[("", "请选择")] + ReviewResult.choices)
    decided_on = forms.DateField(label="答复日期", widget=DatePicker())
    decision_text = forms.CharField(label="复查（复核）意见", widget=forms.Textarea(attrs={"rows": 4}))


class HearingForm(StyledForm):
    on = forms.DateField(label="日期", widget=DatePicker())
