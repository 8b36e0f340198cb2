"""The HTML side of the workers' home inputs (their cleaned data is turned into ``inputs``' models), and the
list's filters (one django-filter set for the page, the export and the API)."""

from __future__ import annotations

import re
from datetime import date

import django_filters
from django import forms
from django.utils import timezone

from xinfang.ledgerkit.filters import DateFrom, DateTo, LedgerFilterSet
from xinfang.ledgerkit.forms import LedgerForm
from xinfang.lib.formfields import BoundedDateField
from xinfang.lib.formstyle import DatePicker, StyledForm, style_fields
from xinfang.orgs.models import Org, OrgKind

from .models import Checklist, HonourKind, HonourLevel, Result

SEPARATORS = re.compile(r"[、,，;；\s]+")


def split_scores(value) -> list[dict] | str:
    """``18、20、15`` (a cell, in the order of the checklist's numbers) → the input's scores; a cell that is no list
    of numbers is passed on as it is, for the input to refuse in the column's words."""
    if value in (None, ""):
        return []
    parts = [p for p in SEPARATORS.split(str(value).strip()) if p]
    if not all(re.fullmatch(r"\d+(\.\d+)?", p) for p in parts):
        return str(value)
    return [{"number": i, "score": p} for i, p in enumerate(parts, start=1)]


class InspectionFilters(LedgerFilterSet):
    search_fields = ("unit_name", "inspectors")
    search_placeholder = "受检单位 / 验收人员"
    inspected_from = DateFrom("inspected_on", label="验收日期自")
    inspected_to = DateTo("inspected_on")
    result = django_filters.ChoiceFilter(label="本次结果", choices=Result.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="最终结果", choices=Result.choices, empty_label="全部")
    first = django_filters.BooleanFilter(
        label="首次验收（否：复查）", field_name="reinspection_of", lookup_expr="isnull"
    )


def _year_of(data) -> int:
    """The year whose checklist the form scores against: the date typed in, else this year."""
    raw = (data or {}).get("inspected_on") or ""
    try:
        return date.fromisoformat(str(raw)).year
    except ValueError:
        return timezone.localdate().year


def add_score_fields(form: forms.Form, checklist: Checklist | None) -> list[str]:
    names = []
    for item in checklist.items.all() if checklist else []:
        name = f"score_{item.number}"
        form.fields[name] = forms.DecimalField(
            label=f"{item.number}. {item.title}（满分{item.max_score.normalize():f}分）",  # 满分15分, not 15.0
            min_value=0,
            max_value=item.max_score,
            decimal_places=1,
        )
        names.append(name)
    return names


class ScoredForm(StyledForm):
    """Score fields, one per item of the checklist of the year typed in (this year's at first); ``clean`` gives
    the input's ``score_list``."""

    year: int
    checklist: Checklist | None
    score_names: list[str]

    def add_scores(self, year: int) -> None:
        self.checklist = Checklist.objects.filter(year=year).prefetch_related("items").first()
        self.score_names = add_score_fields(self, self.checklist)
        style_fields(self)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.checklist is None:
            self.add_error(None, f"{self.year}年度尚无职工之家验收标准，请系统管理员先在“系统管理”中录入。")
        cleaned["score_list"] = [
            {"number": int(n.removeprefix("score_")), "score": cleaned[n]}
            for n in self.score_names
            if cleaned.get(n) is not None
        ]
        return cleaned


class InspectionForm(LedgerForm, ScoredForm):
    inspected_on = BoundedDateField(
        label="验收日期",
        widget=DatePicker(),
        help_text="按验收日期所在年度的验收标准评分（改了年度，保存后按该年度的项目重填）。",
    )
    union = forms.ModelChoiceField(label="受检基层工会", queryset=Org.objects.none(), required=False)
    employer = forms.CharField(label="受检用人单位（名称或统一社会信用代码）", max_length=100, required=False)
    unit_name = forms.CharField(label="受检单位（不填则为工会或单位名称）", max_length=100, required=False)
    inspectors = forms.CharField(label="验收人员", max_length=200)
    result = forms.ChoiceField(label="验收结果", choices=Result.choices)
    reinspect_by = BoundedDateField(label="复查日期（限期整改时填写）", required=False, widget=DatePicker())
    note = forms.CharField(label="备注", max_length=500, required=False)
    field_order = ["inspected_on", "union", "employer", "unit_name", "inspectors", "result", "reinspect_by"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["union"].queryset = Org.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS)  # type: ignore[attr-defined]
        self.year = _year_of(self.data) if self.is_bound else timezone.localdate().year
        self.add_scores(self.year)


class ReinspectionForm(ScoredForm):
    inspected_on = BoundedDateField(label="复查日期", widget=DatePicker())
    inspectors = forms.CharField(label="验收人员", max_length=200)
    result = forms.ChoiceField(label="复查结果", choices=Result.choices)
    reinspect_by = BoundedDateField(
        label="再次复查日期（仍限期整改时填写）", required=False, widget=DatePicker()
    )
    note = forms.CharField(label="备注", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = inspection.checklist.year
        self.add_scores(self.year)


class HonourForm(StyledForm):
    union = forms.ModelChoiceField(label="基层工会", queryset=Org.objects.none(), required=False)
    employer = forms.CharField(label="用人单位（名称或统一社会信用代码）", max_length=100, required=False)
    unit_name = forms.CharField(label="获评单位（职工小家填车间、班组名称）", max_length=100, required=False)
    kind = forms.ChoiceField(label="称号类别", choices=HonourKind.choices)
    level = forms.ChoiceField(label="级别", choices=HonourLevel.choices)
    awarded_by = forms.CharField(label="授予机关", max_length=100)
    year = forms.IntegerField(label="年度", min_value=1950, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Org.objects.visible_to(user).filter(kind=OrgKind.GRASSROOTS)  # type: ignore[attr-defined]


class HonourFilterForm(StyledForm):
    """The honours list's filters (GET): the list page and its export (``honours.records``) read the same."""

    year = forms.IntegerField(label="年度", min_value=1950, max_value=2100, required=False)
    level = forms.ChoiceField(label="级别", choices=[("", "全部"), *HonourLevel.choices], required=False)
    kind = forms.ChoiceField(label="称号类别", choices=[("", "全部"), *HonourKind.choices], required=False)


def honour_filters(query) -> dict:
    """The filters of a query string, for ``HonourQuerySet.matching`` (an invalid one filters nothing)."""
    form = HonourFilterForm(query or None)
    return {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
