"""Collective contracts: the register (filters, keyset pages, the summary of the filtered contracts: counts,
coverage and shares), its Excel export in the import template's columns, and a contract's page with its history.
The steps are the actions' (``actions.py``), called by the API; the pages for them come with the ledger kit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from xinfang.audit.models import AccessAction, filter_detail, log_access
from xinfang.lib.keyset import paginate
from xinfang.lib.spreadsheets import table_xlsx

from .figures import summary
from .forms import ContractFilterForm
from .imports import KIND
from .models import Contract
from .workflow import FLOW

PAGE_SIZE = 50


def _query(request):
    query = request.GET.copy()
    query.pop("cursor", None)
    return query


def _filtered(request):
    form = ContractFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, Contract.objects.visible_to(request.user).matching(request.user, **filters), filters


@login_required
def contract_list(request):
    form, qs, filters = _filtered(request)
    page = paginate(qs.for_list(), field="signed_on", cursor=request.GET.get("cursor"), size=PAGE_SIZE)
    period = (filters.get("signed_from"), filters.get("signed_to"))
    return render(
        request,
        "contracts/contract_list.html",
        {
            "filters": form,
            "page": page,
            "query": _query(request).urlencode(),
            "summary": summary(qs),
            "period": period,
            "today": timezone.localdate(),
        },
    )


@login_required
def contract_export(request):
    """The filtered register in the import template's columns (``imports.KIND``): an export can be imported."""
    _, qs, _ = _filtered(request)
    columns = KIND.columns
    rows = (
        [column.value_of(c) for column in columns]
        for c in qs.select_related("org").order_by("signed_on", "pk").iterator(chunk_size=1000)
    )
    content = table_xlsx(
        "集体合同台账", [c.header for c in columns], rows, widths=[c.width for c in columns]
    )
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        obj=Contract,
        detail=filter_detail(_query(request)),
        request=request,
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="contracts-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def contract_detail(request, pk: int):
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user).select_related("org", "registered_by"), pk=pk
    )
    renewal = Contract.objects.visible_to(request.user).filter(predecessor=contract).only("pk", "number").first()
    predecessor = None
    if contract.predecessor_id:
        predecessor = Contract.objects.visible_to(request.user).filter(pk=contract.predecessor_id).first()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "c": contract,
            "employers": contract.employers.select_related("employer").order_by("employer__name"),
            "sessions": contract.sessions.all(),
            "clocks": contract.clocks.all(),
            "events": contract.events.select_related("by"),
            "renewal": renewal,
            "predecessor": predecessor,
            "steps": FLOW.allowed(contract, request.user),
            "today": timezone.localdate(),
        },
    )
