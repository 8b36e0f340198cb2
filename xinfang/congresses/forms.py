"""The congress form (the HTML side of CongressIn, from the model) and the list's filters."""

from __future__ import annotations

import django_filters
from django import forms

from xinfang.ledgerkit.columns import ledger_form
from xinfang.ledgerkit.filters import DateFrom, DateTo, LedgerFilterSet

from .models import Congress, Level

CongressForm = ledger_form(
    Congress,
    *("union_name", "level", "held_on", "term", "term_start", "term_end", "representatives", "present"),
    *("employer_count", "employers", "agenda"),
    employers=forms.CharField(
        label="覆盖用人单位（名录中的单位名称或信用代码，每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    ),
)


class CongressFilters(LedgerFilterSet):
    search_fields = ("union_name",)
    search_placeholder = "召开工会"
    held_from = DateFrom("held_on", label="召开日期自")
    held_to = DateTo("held_on")
    level = django_filters.ChoiceFilter(label="类型", choices=Level.choices, empty_label="全部类型")
