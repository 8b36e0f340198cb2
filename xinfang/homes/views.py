"""Workers' homes: the inspection list (filters, keyset pages, totals and the pass rate), an inspection's page
with its scores, its re-inspections and its history, the forms for an inspection and a re-inspection (scored item
by item against the checklist of the year), and the honours."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xinfang.lib import creditcode
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.steps import add_action_errors, input_from
from xinfang.orgs.models import Employer, Org, OrgKind

from .actions import checklist_for, record_honour, record_inspection, record_reinspection
from .figures import register_totals
from .forms import HonourForm, InspectionFilterForm, InspectionForm
from .inputs import HonourIn, InspectionIn, ReinspectionIn
from .listing import filtered
from .models import Checklist, Honour, Inspection
from .workflow import FLOW

PAGE_SIZE = 50


def _score_fields(form: forms.Form, checklist: Checklist) -> list[str]:
    names = []
    for item in checklist.items.all():
        name = f"score_{item.number}"
        form.fields[name] = forms.DecimalField(
            label=f"{item.number}. {item.title}（满分{item.max_score}）",
            min_value=0,
            max_value=item.max_score,
            decimal_places=1,
        )
        names.append(name)
    return names


def _scores(form: forms.Form, names: list[str]) -> list[dict]:
    return [{"number": int(n.removeprefix("score_")), "score": form.cleaned_data[n]} for n in names]


@login_required
def inspection_list(request):
    filters = InspectionFilterForm(request.GET or None)
    qs = filtered(request.user, request.GET)
    page = paginate(qs.for_list(), field="inspected_on", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "homes/inspection_list.html",
        {"filters": filters, "page": page, "query": query.urlencode(), "totals": register_totals(qs)},
    )


class _UnitForm(InspectionForm):
    union = forms.ModelChoiceField(label="受检基层工会", queryset=Org.objects.none(), required=False)
    employer = forms.CharField(label="受检用人单位（名称或统一社会信用代码）", max_length=100, required=False)  # type: ignore[assignment]


def _employer_id(text: str) -> int | None | bool:
    """The employer named (by credit code or exact name); False when none or several match."""
    text = (text or "").strip()
    if not text:
        return None
    found = list(
        Employer.objects.active().filter(credit_code=creditcode.normalize(text)).exclude(credit_code="")[:1]
    ) or list(Employer.objects.active().filter(name=text)[:2])
    return found[0].pk if len(found) == 1 else False


@login_required
def inspection_new(request):
    if not request.user.can("homes.inspect"):
        raise Http404("没有该页面。")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    checklist = checklist_for(year)
    if checklist is None:
        return render(request, "homes/no_checklist.html", {"year": year}, status=200)
    form = _UnitForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    form.fields["union"].queryset = Org.objects.visible_to(request.user).filter(kind=OrgKind.GRASSROOTS)  # type: ignore[attr-defined]
    names = _score_fields(form, checklist)
    if request.method == "POST" and form.is_valid():
        employer_id = _employer_id(form.cleaned_data["employer"])
        if employer_id is False:
            form.add_error("employer", "未找到该用人单位，或有多家同名单位（请填统一社会信用代码）。")
        elif form.cleaned_data["inspected_on"].year != year:
            form.add_error("inspected_on", f"本页按{year}年度验收标准评分，验收日期须在{year}年内。")
        else:
            union = form.cleaned_data["union"]
            data = input_from(
                form,
                InspectionIn,
                {
                    **{k: form.cleaned_data[k] for k in ("inspected_on", "inspectors", "result", "note")},
                    "reinspect_by": form.cleaned_data["reinspect_by"],
                    "union_id": union.pk if union else None,
                    "employer_id": employer_id,
                    "scores": _scores(form, names),
                },
            )
            if data is not None:
                try:
                    inspection = record_inspection(by=request.user, data=data)
                except ValidationError as e:
                    add_action_errors(form, e)
                except ActionError as e:
                    form.add_error(None, e.message)
                else:
                    messages.success(request, "验收已登记。")
                    return redirect(inspection.get_absolute_url())
    return render(
        request,
        "homes/inspection_form.html",
        {"form": form, "checklist": checklist, "score_names": names, "title": "登记职工之家验收"},
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "org", "union", "employer", "checklist", "registered_by", "reinspection_of"
        ),
        pk=pk,
    )
    scores = inspection.scores.select_related("item").order_by("item__number")
    chain = inspection.reinspections.order_by("inspected_on", "pk").only(
        "pk", "inspected_on", "inspectors", "total_score", "result", "reinspect_by"
    )
    return render(
        request,
        "homes/inspection_detail.html",
        {
            "i": inspection,
            "scores": scores,
            "chain": chain,
            "events": inspection.events.select_related("by"),
            "steps": FLOW.allowed(inspection, request.user),
        },
    )


@login_required
def inspection_reinspect(request, pk: int):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user).select_related("org"), pk=pk)
    if "reinspect" not in FLOW.allowed(inspection, request.user):
        messages.error(request, "该验收现在不能复查。")
        return redirect(inspection.get_absolute_url())
    checklist = Checklist.objects.prefetch_related("items").get(pk=inspection.checklist_id)
    form = InspectionForm(
        request.POST or None, initial={"inspected_on": timezone.localdate(), "version": inspection.version}
    )
    for name in ("union", "employer"):
        del form.fields[name]
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput(), initial=inspection.version)
    names = _score_fields(form, checklist)
    if request.method == "POST" and form.is_valid():
        data = input_from(
            form,
            ReinspectionIn,
            {
                **{k: form.cleaned_data[k] for k in ("inspected_on", "inspectors", "result", "note", "version")},
                "reinspect_by": form.cleaned_data["reinspect_by"],
                "scores": _scores(form, names),
            },
        )
        if data is not None:
            try:
                record_reinspection(inspection=inspection, by=request.user, data=data)
            except ValidationError as e:
                add_action_errors(form, e)
            except ActionError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "复查已登记。")
                return redirect(inspection.get_absolute_url())
    return render(
        request,
        "homes/inspection_form.html",
        {"form": form, "checklist": checklist, "score_names": names, "title": f"复查：{inspection.unit_name}"},
    )


class _HonourUnitForm(HonourForm):
    union = forms.ModelChoiceField(label="基层工会", queryset=Org.objects.none(), required=False)
    employer = forms.CharField(label="用人单位（名称或统一社会信用代码）", max_length=100, required=False)


@login_required
def honour_list(request):
    form = None
    if request.user.can("homes.honour"):
        form = _HonourUnitForm(request.POST or None, initial={"year": timezone.localdate().year})
        form.fields["union"].queryset = Org.objects.visible_to(request.user).filter(kind=OrgKind.GRASSROOTS)  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            employer_id = _employer_id(form.cleaned_data["employer"])
            if employer_id is False:
                form.add_error("employer", "未找到该用人单位，或有多家同名单位（请填统一社会信用代码）。")
            else:
                union = form.cleaned_data["union"]
                data = input_from(
                    form,
                    HonourIn,
                    {
                        **{k: form.cleaned_data[k] for k in ("unit_name", "kind", "level", "awarded_by", "year")},
                        "union_id": union.pk if union else None,
                        "employer_id": employer_id,
                    },
                )
                if data is not None:
                    try:
                        record_honour(by=request.user, data=data)
                    except ValidationError as e:
                        add_action_errors(form, e)
                    except ActionError as e:
                        form.add_error(None, e.message)
                    else:
                        messages.success(request, "荣誉已登记。")
                        return redirect("homes:honours")
    qs = Honour.objects.visible_to(request.user).only(
        "pk", "unit_name", "kind", "level", "awarded_by", "year"
    )
    page = paginate(qs, field="registered_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    return render(request, "homes/honour_list.html", {"form": form, "page": page})
