"""The REST API of every kit ledger (added by ``xinfang/api.py`` under ``/api/v1/<key>``): the list with the
filter set's parameters and keyset pages, one record, create and update through the ledger's actions and its
input model, in the ledger's scope. No ``from __future__ import annotations`` here: ninja reads the operations'
annotations, which name classes built per ledger."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.orm import create_schema
from pydantic import create_model

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, page_size
from xinfang.lib.keyset import paginate

from .declaration import Ledger
from .filters import filter_schema
from .listing import filter_set, visible


def api_fields(ledger: Ledger) -> list[str]:
    """The record's fields the API answers with: its id, version, organisation and the columns' model fields."""
    names = ["id", "version", "org", ledger.date_field]
    for column in ledger.columns:
        try:
            ledger.model._meta.get_field(column.field)
        except FieldDoesNotExist:
            continue
        names.append(column.field)
    names += list(ledger.prefetch)
    return list(dict.fromkeys(names))


def router_for(ledger: Ledger) -> Router:
    name = ledger.model.__name__
    out: Any = create_schema(
        ledger.model, name=f"{name}Out", fields=api_fields(ledger), base_class=ledger.api_out or Schema
    )
    page_schema: Any = create_model(
        f"{name}Page", __base__=Schema, items=(list[out], ...), next_cursor=(str | None, ...)
    )
    filters_schema: Any = filter_schema(ledger.filterset, f"{name}Filters", ledger.model)
    body: Any = ledger.input
    router = Router(tags=[ledger.noun])
    key = ledger.key

    related = (*ledger.prefetch, *ledger.api_prefetch)

    def scoped(request):
        return visible(ledger, request.auth).prefetch_related(*related)

    @router.get("", response=page_schema, operation_id=f"{key}_list", url_name=f"{key}_list")
    def list_records(
        request, filters: Query[filters_schema], cursor: str = cursor(), limit: int = page_size(50, 100)
    ):
        query = {k: v for k, v in filters.dict().items() if v not in (None, "")}
        found = filter_set(ledger, request.auth, query)
        if found.is_bound and not found.is_valid():
            raise ValidationError({k: list(v) for k, v in found.form.errors.items()})
        qs = found.qs.prefetch_related(*related)
        page = paginate(qs, field=ledger.date_field, cursor=cursor or None, size=limit)
        return {"items": page.items, "next_cursor": page.next_cursor}

    @router.get("/{record_id}", response=out, operation_id=f"{key}_detail", url_name=f"{key}_detail")
    def record_detail(request, record_id: Id):
        return get_object_or_404(scoped(request), pk=record_id)

    @router.post("", response={201: out}, operation_id=f"{key}_create", url_name=f"{key}_create")
    @idempotent
    def record_create(request, payload: body):
        record = ledger.create(by=request.auth, data=payload)
        return Status(201, scoped(request).get(pk=record.pk))

    @router.put("/{record_id}", response=out, operation_id=f"{key}_update", url_name=f"{key}_update")
    def record_update(request, record_id: Id, payload: body):
        record = get_object_or_404(scoped(request), pk=record_id)
        ledger.update(**{ledger.record_name: record}, by=request.auth, data=payload)
        return scoped(request).get(pk=record.pk)

    return router
