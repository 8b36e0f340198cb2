"""The congress form (the HTML side of CongressIn) and the list's filters."""

from __future__ import annotations

import re

import django_filters
from django import forms

from xinfang.ledgerkit.filters import DateFrom, DateTo, LedgerFilterSet
from xinfang.ledgerkit.forms import LedgerForm
from xinfang.lib.formstyle import DatePicker

from .models import Level


class CongressForm(LedgerForm):
    union_name = forms.CharField(label="召开工会", max_length=100)
    level = forms.ChoiceField(label="类型", choices=Level.choices)
    held_on = forms.DateField(label="召开日期", widget=DatePicker())
    term = forms.IntegerField(label="届次", min_value=1)
    term_start = forms.DateField(label="本届起始", widget=DatePicker())
    term_end = forms.DateField(label="本届届满", widget=DatePicker())
    representatives = forms.IntegerField(label="代表总数", min_value=1)
    present = forms.IntegerField(label="实到代表", min_value=0)
    employer_count = forms.IntegerField(label="覆盖企业数", min_value=0, initial=1)
    employers = forms.CharField(
        label="覆盖用人单位（名录中的单位名称或信用代码，每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agenda = forms.CharField(
        label="审议通过事项（每行一项）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = ["union_name", "level", "held_on", "term", "term_start", "term_end", "org"]

    def clean_employers(self) -> list[str]:
        return split_names(self.cleaned_data["employers"])


def split_names(value: str | None) -> list[str]:
    return [n.strip() for n in re.split(r"[\n；;、]", value or "") if n.strip()]


class CongressFilters(LedgerFilterSet):
    search_fields = ("union_name",)
    search_placeholder = "召开工会"
    held_from = DateFrom("held_on", label="召开日期自")
    held_to = DateTo("held_on")
    level = django_filters.ChoiceFilter(label="类型", choices=Level.choices, empty_label="全部类型")
