"""The HTML side of the collective-contract pages: the registration and edit form (the kit's ``LedgerForm``, turned
into ``ContractIn``), the list's filters (a django-filter set: the page, the export and the API list), and the
step forms of the contract's page (each turned into its action's input)."""

from __future__ import annotations

from typing import cast

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from xinfang.congresses.models import Congress
from xinfang.ledgerkit.filters import DateFrom, DateTo, LedgerFilterSet
from xinfang.ledgerkit.forms import LedgerForm
from xinfang.lib.formstyle import DatePicker, StyledForm
from xinfang.orgs.models import Industry
from xinfang.orgs.widgets import EmployersField

from .models import QUEUES, Contract, ContractKind, ContractType, Status


class ContractForm(LedgerForm):
    contract_type = forms.ChoiceField(label="合同类型", choices=ContractType.choices)
    kind = forms.ChoiceField(label="合同种类", choices=ContractKind.choices)
    industry = forms.ChoiceField(
        label="行业（行业性合同）", choices=[("", "—")] + Industry.choices, required=False
    )
    employer_side = forms.CharField(label="用人单位方", max_length=100)
    worker_side = forms.CharField(label="职工方（工会）", max_length=100)
    employer_chief = forms.CharField(label="用人单位方首席代表", max_length=50, required=False)
    worker_chief = forms.CharField(label="职工方首席代表", max_length=50, required=False)
    employers_covered = forms.IntegerField(label="覆盖企业数（含个体工商户）", min_value=1)
    sole_traders_covered = forms.IntegerField(label="其中个体工商户数", min_value=0, initial=0)
    workers_covered = forms.IntegerField(label="覆盖职工人数", min_value=1)
    # The registered ones: a single contract's employer; of a regional or industry contract, those registered
    # (``employers_covered`` may be larger).
    employer_ids = EmployersField(label="覆盖的用人单位（已登记的，可选多家）")
    congress_id = forms.TypedChoiceField(
        label="通过草案的职代会（职代会台账中的，可不选）", coerce=int, required=False, empty_value=None
    )
    voted_on = forms.DateField(label="职代会审议日期", widget=DatePicker())
    representatives_total = forms.IntegerField(label="职工代表总数", min_value=1)
    representatives_present = forms.IntegerField(label="出席代表人数", min_value=0)
    votes_for = forms.IntegerField(label="赞成票数", min_value=0)
    signed_on = forms.DateField(label="签订日期", widget=DatePicker())
    starts_on = forms.DateField(label="期限起始日", widget=DatePicker())
    ends_on = forms.DateField(label="期限终止日", widget=DatePicker())
    predecessor_id = forms.CharField(label="续订自（原合同编号，续订时填写）", max_length=30, required=False)
    note = forms.CharField(label="备注", max_length=500, required=False)
    field_order = ["contract_type", "kind", "industry", "employer_side", "worker_side", "org"]
    CONGRESSES_OFFERED = 300  # the most recent of the user's scope

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        recent = Congress.objects.visible_to(user).order_by("-held_on", "-pk")[: self.CONGRESSES_OFFERED]
        cast(forms.ChoiceField, self.fields["congress_id"]).choices = [("", "—")] + [
            (c.pk, str(c)) for c in recent.only("pk", "union_name", "term", "held_on")
        ]

    def clean_predecessor_id(self) -> int | None:
        number = self.cleaned_data["predecessor_id"].strip()
        if not number:
            return None
        found = (
            Contract.objects.visible_to(self.user).filter(number=number).values_list("pk", flat=True).first()
        )
        if found is None:
            raise forms.ValidationError("未找到该编号的集体合同，或不在您的管辖范围内。")
        return found


def contract_initial(contract: Contract) -> dict:
    """The edit form's values."""
    names = [
        n
        for n in ContractForm.base_fields
        if n not in ("org", "predecessor_id", "congress_id", "employer_ids")
    ]
    predecessor = contract.predecessor.number if contract.predecessor_id else ""  # type: ignore[union-attr]
    return {n: getattr(contract, n) for n in names} | {
        "org": contract.org_id,
        "predecessor_id": predecessor,
        "congress_id": contract.congress_id,
        "employer_ids": list(contract.employer_links.order_by("pk").values_list("employer_id", flat=True)),
    }


class ContractFilters(LedgerFilterSet):
    search_fields = ("number", "employer_side", "worker_side")
    search_placeholder = "编号 / 用人单位方 / 工会"
    signed_from = DateFrom("signed_on", label="签订日期自")
    signed_to = DateTo("signed_on")
    contract_type = django_filters.ChoiceFilter(
        label="合同类型", choices=ContractType.choices, empty_label="全部类型"
    )
    kind = django_filters.ChoiceFilter(label="合同种类", choices=ContractKind.choices, empty_label="全部种类")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")
    queue = django_filters.ChoiceFilter(
        label="工作队列", choices=list(QUEUES.items()), empty_label="全部", method="in_queue"
    )
    employer = django_filters.NumberFilter(label="用人单位", method="covering", widget=forms.HiddenInput)

    def in_queue(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.in_queue(value, timezone.localdate()) if value else qs  # type: ignore[attr-defined]

    def covering(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(employer_links__employer=int(value)) if value else qs


class FilingForm(StyledForm):
    filed_on = forms.DateField(label="报送日期（劳动行政部门收到之日）", widget=DatePicker())


class ObjectionForm(StyledForm):
    objected_on = forms.DateField(label="提出异议日期", widget=DatePicker())
    objection = forms.CharField(label="审查意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(StyledForm):
    held_on = forms.DateField(label="协商日期", widget=DatePicker())
    place = forms.CharField(label="地点", max_length=100, required=False)
    topics = forms.CharField(label="协商内容", max_length=500)
