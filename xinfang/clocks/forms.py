from django import forms

from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.lib.workdays import CALENDAR_DAYS, WORKING_DAYS


class DueDateForm(StyledForm):
    trigger_on = forms.DateField(label="起算事件日期（如收到日）", widget=DatePicker())
    count = forms.IntegerField(label="期限", min_value=0, max_value=3650, initial=15)
    unit = forms.ChoiceField(
        label="单位",
        choices=[(CALENDAR_DAYS, "日（自然日）"), (WORKING_DAYS, "个工作日")],
        initial=CALENDAR_DAYS,
    )
    roll_forward = forms.BooleanField(label="期满日为休息日时顺延", required=False, initial=True)
