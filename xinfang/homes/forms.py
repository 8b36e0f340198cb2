"""The HTML side of the workers' home inputs (their cleaned data is turned into ``inputs``' models), and the
list's filters."""

from __future__ import annotations

from django import forms

from xinfang.lib.formfields import BoundedDateField
from xinfang.lib.formstyle import DatePicker, StyledForm

from .models import HonourKind, HonourLevel, Result


class InspectionFilterForm(StyledForm):
    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "受检单位 / 验收人员"})
    )
    inspected_from = BoundedDateField(label="验收日期自", required=False, widget=DatePicker())
    inspected_to = BoundedDateField(label="至", required=False, widget=DatePicker())
    result = forms.ChoiceField(label="验收结果", choices=[("", "全部")] + Result.choices, required=False)
    status = forms.ChoiceField(label="最终结果", choices=[("", "全部")] + Result.choices, required=False)


class InspectionForm(StyledForm):
    inspected_on = BoundedDateField(label="验收日期", widget=DatePicker())
    union = forms.IntegerField(label="受检基层工会（编号）", required=False, min_value=1)
    employer = forms.IntegerField(label="受检用人单位（编号）", required=False, min_value=1)
    inspectors = forms.CharField(label="验收人员", max_length=200)
    result = forms.ChoiceField(label="验收结果", choices=Result.choices)
    reinspect_by = BoundedDateField(label="复查日期（限期整改时填写）", required=False, widget=DatePicker())
    note = forms.CharField(label="备注", max_length=500, required=False)


class HonourForm(StyledForm):
    unit_name = forms.CharField(label="获评单位（职工小家填车间、班组名称）", max_length=100, required=False)
    kind = forms.ChoiceField(label="称号类别", choices=HonourKind.choices)
    level = forms.ChoiceField(label="级别", choices=HonourLevel.choices)
    awarded_by = forms.CharField(label="授予机关", max_length=100)
    year = forms.IntegerField(label="年度", min_value=1950, max_value=2100)
