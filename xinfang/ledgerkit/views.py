"""The kit's pages, the same for every kit ledger (each replaceable by ``Ledger.views``): the list (filters,
keyset pages, totals; htmx swaps the table), the create and edit pages (the ledger's actions, field errors in
Chinese, the version read for a concurrent edit) and the detail page with its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from xinfang.lib.exceptions import ActionError
from xinfang.lib.keyset import paginate
from xinfang.lib.steps import add_action_errors, input_from

from .declaration import Ledger
from .importing import input_data
from .listing import PAGE_SIZE, cell, filter_set, for_list, headers, rows, rows_html, totals_of, visible


def record_list(request, ledger: Ledger):
    filters = filter_set(ledger, request.user, request.GET)
    qs = filters.qs
    # The totals run over the whole filtered list (at 100,000 records, most of the page's time): the page asks
    # for them once shown (htmx, ``totals=1``), so that the rows come first; without htmx, the link asks.
    totals = totals_of(ledger, qs) if request.GET.get("totals") else None
    if totals is not None and request.htmx:
        return render(request, "ledgerkit/_totals.html", {"ledger": ledger, "totals": totals})
    context = list_context(request, ledger, filters)
    context.update(totals=totals, has_totals=bool(ledger.totals))
    template = "ledgerkit/_table.html" if request.htmx else ledger.template("list")
    return render(request, template, context)


def list_context(request, ledger: Ledger, filters) -> dict[str, Any]:
    """The list page's context for one page of the filtered records (``ledgerkit/_table.html`` renders it): a
    ledger's own list view starts from it and adds what its page shows beside the table."""
    page = paginate(
        for_list(ledger, filters.qs),
        field=ledger.date_field,
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    shown = rows(ledger, page.items)
    query = request.GET.copy()
    for name in ("cursor", "totals"):
        query.pop(name, None)
    return {
        "ledger": ledger,
        "filters": filters,
        "form": filters.form,
        "headers": headers(ledger),
        "rows": shown,
        "rows_html": rows_html(ledger, shown),
        "page": page,
        "query": query.urlencode(),
        "may_create": request.user.can(ledger.ability),
    }


def _save(request, ledger: Ledger, form: forms.Form, call):
    """Validate the form, turn it into the ledger's input, make the one action call; the record or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = input_from(form, ledger.input, input_data(form.cleaned_data, ledger.input))
    if data is None:
        return None
    try:
        return call(data)
    except ValidationError as e:
        add_action_errors(form, e)
    except ActionError as e:
        form.add_error(None, e.message)
    return None


def record_create(request, ledger: Ledger):
    if not request.user.can(ledger.ability):
        messages.error(request, f"您的角色不能登记{ledger.noun}。")
        return redirect(f"{ledger.key}:list")
    form = ledger.form(request.POST or None, user=request.user)
    record = _save(request, ledger, form, lambda data: ledger.create(by=request.user, data=data))
    if record is not None:
        messages.success(request, f"已登记{ledger.noun}。")
        return redirect(f"{ledger.key}:detail", pk=record.pk)
    return render(request, ledger.template("form"), {"ledger": ledger, "form": form, "record": None})


def _initial(ledger: Ledger, record, form: forms.Form) -> dict:
    if ledger.initial is not None:
        return ledger.initial(record)
    initial = {}
    for name in form.fields:
        if hasattr(record, f"{name}_id"):
            initial[name] = getattr(record, f"{name}_id")
        elif hasattr(record, name):
            value = getattr(record, name)
            # a many-to-many list, typed one a line (``split_list`` reads it back)
            initial[name] = "\n".join(map(str, value.all())) if hasattr(value, "all") else value
    return initial


def record_edit(request, ledger: Ledger, pk: int):
    record = get_object_or_404(visible(ledger, request.user).prefetch_related(*ledger.prefetch), pk=pk)
    if not (request.user.can(ledger.ability) and record.is_owned_by_org_of(request.user)):
        messages.error(request, f"您不能修改该{ledger.noun}。")
        return redirect(f"{ledger.key}:detail", pk=pk)
    form = ledger.form(request.POST or None, user=request.user)
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
    if request.method != "POST":
        form.initial = {**_initial(ledger, record, form), "version": record.version}
    call = lambda data: ledger.update(**{ledger.record_name: record}, by=request.user, data=data)  # noqa: E731
    if _save(request, ledger, form, call) is not None:
        messages.success(request, f"已保存对{ledger.noun}的修改。")
        return redirect(f"{ledger.key}:detail", pk=pk)
    return render(request, ledger.template("form"), {"ledger": ledger, "form": form, "record": record})


def record_detail(request, ledger: Ledger, pk: int):
    record = get_object_or_404(
        visible(ledger, request.user).select_related("org", "created_by").prefetch_related(*ledger.prefetch),
        pk=pk,
    )
    context = {
        "ledger": ledger,
        "record": record,
        "fields": [(c.header, cell(c.value_of(record))) for c in ledger.columns],
        "events": record.events.select_related("by"),
        "may_edit": request.user.can(ledger.ability) and record.is_owned_by_org_of(request.user),
        "list_url": reverse(f"{ledger.key}:list"),
    }
    return render(request, ledger.template("detail"), context)


DEFAULT_VIEWS: dict[str, Callable[..., Any]] = {
    "list": record_list,
    "create": record_create,
    "edit": record_edit,
    "detail": record_detail,
}


def page_for(ledger: Ledger, name: str):
    """The view of one page of the ledger: its own (``Ledger.views``) or the kit's."""
    view: Callable[..., Any] = ledger.views.get(name) or DEFAULT_VIEWS[name]

    def page(request, **kwargs):
        return view(request, ledger, **kwargs)

    page.__name__ = f"{ledger.key}_{name}"
    return login_required(page)
