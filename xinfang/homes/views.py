"""The workers' home pages the kit does not have (its list, create, edit, export, import and API come from the
declaration in ``contributions.py``): an inspection's page (its scores, its re-inspections, its history and the
复查 step), the re-inspection form, and the honours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from xinfang.ledgerkit.listing import filter_set, totals_of
from xinfang.ledgerkit.views import record_list
from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.steps import add_action_errors, input_from

from .actions import find_employer, record_honour, record_reinspection
from .figures import pass_rate
from .forms import HonourFilterForm, HonourForm, ReinspectionForm, honour_filters
from .inputs import HonourIn, ReinspectionIn
from .models import Honour, Inspection
from .workflow import FLOW

PAGE_SIZE = 50


def inspection_detail(request, ledger, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "org", "union", "employer", "checklist", "created_by", "reinspection_of"
        ),
        pk=pk,
    )
    return render(
        request,
        "homes/inspection_detail.html",
        {
            "ledger": ledger,
            "i": inspection,
            "scores": inspection.scores.select_related("item").order_by("item__number"),
            "chain": inspection.reinspections.order_by("inspected_on", "pk").only(
                "pk", "inspected_on", "inspectors", "total_score", "result", "reinspect_by"
            ),
            "events": inspection.events.select_related("by"),
            "steps": FLOW.allowed(inspection, request.user),
            "may_edit": request.user.can(ledger.ability)
            and inspection.is_owned_by_org_of(request.user)
            and inspection.reinspection_of_id is None
            and not inspection.reinspections.exists(),
        },
    )


@login_required
def inspection_reinspect(request, pk: int):
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("org", "checklist"), pk=pk
    )
    if "reinspect" not in FLOW.allowed(inspection, request.user):
        messages.error(request, "该验收现在不能复查。")
        return redirect(inspection.get_absolute_url())
    form = ReinspectionForm(
        request.POST or None,
        inspection=inspection,
        initial={"inspected_on": timezone.localdate(), "version": inspection.version},
    )
    if request.method == "POST" and form.is_valid():
        data = input_from(form, ReinspectionIn)
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
    return render(request, "homes/reinspection_form.html", {"form": form, "i": inspection})


@login_required
def honour_list(request):
    form = None
    if request.user.can("homes.honour"):
        form = HonourForm(
            request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
        )
        if request.method == "POST" and form.is_valid():
            employer, problem = (
                find_employer(form.cleaned_data["employer"]) if form.cleaned_data["employer"] else (None, "")
            )
            if problem:
                form.add_error("employer", problem)
            else:
                union = form.cleaned_data["union"]
                data = input_from(
                    form,
                    HonourIn,
                    {
                        **{
                            k: form.cleaned_data[k]
                            for k in ("unit_name", "kind", "level", "awarded_by", "year")
                        },
                        "union_id": union.pk if union else None,
                        "employer_id": employer.pk if employer else None,
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
                        return redirect("homes_pages:honours")
    filters = HonourFilterForm(request.GET or None)
    qs = (
        Honour.objects.visible_to(request.user)
        .matching(request.user, **honour_filters(request.GET))
        .only("pk", "unit_name", "kind", "level", "awarded_by", "year")
    )
    page = paginate(qs, field="registered_at", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("cursor", None)
    return render(
        request,
        "homes/honour_list.html",
        {"form": form, "filters": filters, "page": page, "query": query.urlencode()},
    )


def inspection_list(request, ledger):
    """The kit's list; its totals (asked for by htmx once the rows are shown) come with the pass rate (合格率 =
    验收合格 ÷ 验收职工之家, from the same one aggregate)."""
    if request.GET.get("totals") and request.htmx:
        totals = totals_of(ledger, filter_set(ledger, request.user, request.GET).qs)
        values = {f.key: value for f, (_, value, _) in zip(ledger.totals, totals, strict=True)}
        return render(request, "homes/_totals.html", {"totals": totals, "pass_rate": pass_rate(values)})
    return record_list(request, ledger)
