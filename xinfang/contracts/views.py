"""The collective-contract pages that the ledger kit's defaults do not cover: the list with the summary of the
filtered contracts (counts, coverage by type, shares of regional and industry contracts, each with its fraction),
the contract's page with its periods, negotiation sessions, renewal links and step forms, and the steps (报送审查,
审查异议, 重新报送, 集体协商), each one form turned into its action's input. The kit gives the rest: create and edit,
the export and the import, the API's list, detail, create and update."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from xinfang.ledgerkit.listing import filter_set
from xinfang.ledgerkit.views import list_context
from xinfang.lib.steps import run_step
from xinfang.orgs.models import Employer

from . import actions
from .figures import summary
from .forms import FilingForm, ObjectionForm, SessionForm
from .inputs import ContractSessionIn, FilingIn, ObjectionIn
from .models import Contract
from .workflow import FLOW

DETAIL = "contracts:detail"


def _without(query: str, name: str) -> str:
    kept = QueryDict(query, mutable=True)
    kept.pop(name, None)
    return kept.urlencode()


def contract_list(request, ledger):
    """The kit's list (filters, keyset pages, htmx) with the summary block of the filtered contracts."""
    filters = filter_set(ledger, request.user, request.GET)
    qs = filters.qs
    chosen = filters.form.cleaned_data if filters.is_bound and filters.is_valid() else {}
    period = (chosen.get("signed_from"), chosen.get("signed_to"))
    year = None
    if not any(period):  # the summary is a period's: this year's unless the list is given one
        year = timezone.localdate().year
        period = (date(year, 1, 1), date(year, 12, 31))
    context = list_context(request, ledger, filters)
    # The summary is an aggregate over the period's contracts (15 ms at 100,000): like the kit's totals, the page
    # shows the rows first and asks for it once shown (htmx, ``summary=1``); without htmx, its link asks.
    wanted = bool(request.GET.get("summary"))
    context.update(
        totals=[],
        summary=summary(qs.filter(signed_on__gte=period[0], signed_on__lte=period[1]) if year else qs)
        if wanted
        else None,
        # On the first page only: a later page is the same filter's, and its summary is on the first.
        summary_later=not wanted and not request.GET.get("cursor"),
        query=_without(context["query"], "summary"),
        period=period,
        year=year,
    )
    if request.htmx and wanted:
        return render(request, "contracts/_summary.html", context)
    if request.htmx:  # the next page swaps the table alone; a filter change the summary and the table
        template = "ledgerkit/_table.html" if request.GET.get("cursor") else "contracts/_results.html"
    else:
        template = "contracts/list.html"
    return render(request, template, context)


def contract_detail(request, ledger, pk: int):
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user).select_related("org", "created_by", "congress"), pk=pk
    )
    renewal = (
        Contract.objects.visible_to(request.user).filter(predecessor=contract).only("pk", "number").first()
    )
    predecessor = None
    if contract.predecessor_id:
        predecessor = Contract.objects.visible_to(request.user).filter(pk=contract.predecessor_id).first()
    steps = FLOW.allowed(contract, request.user)
    today = timezone.localdate()
    return render(
        request,
        "contracts/detail.html",
        {
            "ledger": ledger,
            "c": contract,
            "employers": Employer.objects.filter(contract_links__contract=contract).order_by("name"),
            "sessions": contract.sessions.all(),
            "clocks": contract.clocks.all(),
            "events": contract.events.select_related("by"),
            "renewal": renewal,
            "predecessor": predecessor,
            "steps": steps,
            "may_edit": request.user.can(ledger.ability) and contract.is_owned_by_org_of(request.user),
            # the last 3 months of the term (or after it), when either side may ask to renew
            "may_renew": "renew" in steps and renewal is None and today >= contract.renewal_opens_on,
            "filing_form": FilingForm(initial={"filed_on": today}),
            "objection_form": ObjectionForm(initial={"objected_on": today}),
            "session_form": SessionForm(),
            "today": today,
            "list_url": reverse("contracts:list"),
        },
    )


def _contract(request, pk: int) -> Contract:
    return get_object_or_404(Contract.objects.visible_to(request.user), pk=pk)


def _versioned(request) -> dict:
    return {"version": request.POST.get("version")}


@login_required
@require_POST
def file_contract(request, pk: int):
    contract = _contract(request, pk)
    return run_step(
        request,
        contract,
        FilingForm(request.POST),
        "已录入报送审查，审查期限开始计算。",
        lambda c, data: actions.file_contract(contract=c, by=request.user, data=data),
        DETAIL,
        model=FilingIn,
        data=lambda cleaned: cleaned | _versioned(request),
    )


@login_required
@require_POST
def refile_contract(request, pk: int):
    contract = _contract(request, pk)
    return run_step(
        request,
        contract,
        FilingForm(request.POST),
        "已录入重新报送，审查期限重新计算。",
        lambda c, data: actions.refile_contract(contract=c, by=request.user, data=data),
        DETAIL,
        model=FilingIn,
        data=lambda cleaned: cleaned | _versioned(request),
    )


@login_required
@require_POST
def object_to_contract(request, pk: int):
    contract = _contract(request, pk)
    return run_step(
        request,
        contract,
        ObjectionForm(request.POST),
        "已录入劳动行政部门的审查异议。",
        lambda c, data: actions.record_objection(contract=c, by=request.user, data=data),
        DETAIL,
        model=ObjectionIn,
        data=lambda cleaned: cleaned | _versioned(request),
    )


@login_required
@require_POST
def add_session(request, pk: int):
    contract = _contract(request, pk)
    return run_step(
        request,
        contract,
        SessionForm(request.POST),
        "已记录集体协商。",
        lambda c, data: actions.add_session(contract=c, by=request.user, data=data),
        DETAIL,
        model=ContractSessionIn,
    )
