from __future__ import annotations

from django import forms
from django.utils import timezone

from xinfang.lib import idnumber
from xinfang.lib.formfields import BoundedDateField, DateTimeLocalInput
from xinfang.lib.formstyle import DatePicker, StyledForm

from .models import Channel, Topic


class ConsultationForm(StyledForm):
    """The HTML side of ConsultationIn (its cleaned data is turned into it). Built for a run of entries: channel
    and topic are kept between entries, the cursor starts in the question, and Enter in any single-line field
    saves."""

    asked_at = forms.DateTimeField(
        label="咨询时间", widget=DateTimeLocalInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    channel = forms.ChoiceField(label="方式", choices=Channel.choices, initial=Channel.VISIT)
    topic = forms.ChoiceField(label="类别", choices=Topic.choices, initial=Topic.WAGES)
    people_count = forms.IntegerField(label="人次", min_value=1, initial=1)
    person_name = forms.CharField(label="咨询人（可不填）", max_length=50, required=False)
    id_number = forms.CharField(
        label="身份证号（可不填）", max_length=18, required=False, validators=[idnumber.validate_id_number]
    )
    question = forms.CharField(
        label="咨询问题", max_length=500, widget=forms.Textarea(attrs={"rows": 2, "autofocus": True})
    )
    answer = forms.CharField(label="解答要点", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asked_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ConsultationFilterForm(StyledForm):
    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "姓名 / 问题"})
    )
    asked_from = BoundedDateField(label="日期自", required=False, widget=DatePicker())
    asked_to = BoundedDateField(label="至", required=False, widget=DatePicker())
    channel = forms.ChoiceField(label="方式", choices=[("", "全部")] + Channel.choices, required=False)
    topic = forms.ChoiceField(label="类别", choices=[("", "全部")] + Topic.choices, required=False)
