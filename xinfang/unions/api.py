"""Unions in the REST API: the same scope rule and actions as the pages."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, limit, page_size, ref, text
from xinfang.lib.keyset import paginate

from . import actions
from .forms import BatchFilterForm, chosen_batches
from .inputs import CoverageIn, MemberBatchIn, UnionEditIn, UnionIn
from .models import GrassrootsUnion, MemberBatch

router = Router(tags=["工会组建与会员发展"])
# Operations whose paths would read as a union id under /unions/ (POST /unions/batches beside GET /unions/{id}).
transfers_router = Router(tags=["工会组建与会员发展"])
batches_router = Router(tags=["工会组建与会员发展"])


class UnionOut(Schema):
    id: int
    name: str
    kind: str
    origin: str
    founded_on: date
    transferred_on: date | None
    org_id: int
    chair: str
    workers: int
    members: int
    counted_on: date | None
    status: str
    version: int


class UnionPage(Schema):
    items: list[UnionOut]
    next_cursor: str | None


class UnionFilters(Schema):
    q: str = text(title="关键词", max_length=100, default="")
    kind: str = limit(GrassrootsUnion, "kind", default="")
    origin: str = limit(GrassrootsUnion, "origin", default="")
    status: str = limit(GrassrootsUnion, "status", default="")


class CoverageOut(Schema):
    id: int
    union_id: int
    employer_id: int
    start_on: date
    end_on: date | None


class MemberBatchOut(Schema):
    id: int
    union_id: int
    kind: str
    on: date
    count: int
    migrant_workers: int
    women: int
    destination: str


class MemberBatchPage(Schema):
    items: list[MemberBatchOut]
    next_cursor: str | None


class MemberBatchFilters(Schema):
    """The batches list page's filters (``forms.BatchFilterForm`` validates them as the page does)."""

    org: int | None = ref(title="所属工委会", default=None)
    union: str = text(title="基层工会", max_length=100, default="")
    kind: str = limit(MemberBatch, "kind", default="")
    on_from: date | None = None
    on_to: date | None = None


def _out(u: GrassrootsUnion) -> dict:
    return {f: getattr(u, f) for f in UnionOut.model_fields} | {"id": u.pk}


@router.get("", response=UnionPage)
def list_unions(
    request, filters: Query[UnionFilters], cursor: str = cursor(), limit: int = page_size(50, 100)
):
    qs = GrassrootsUnion.objects.visible_to(request.auth).matching(**filters.dict()).for_list()
    page = paginate(qs, field="founded_on", cursor=cursor or None, size=max(1, min(limit, 100)))
    return {"items": [_out(u) for u in page.items], "next_cursor": page.next_cursor}


@router.post("", response={201: UnionOut})
@idempotent
def create_union(request, payload: UnionIn):
    """A union founded; one transferred in (改制企业工会组织关系转入) is `POST /union-transfers-in`."""
    return Status(201, _out(actions.register_union(by=request.auth, data=payload)))


@transfers_router.post("", response={201: UnionOut})
@idempotent
def create_transfer_in(request, payload: UnionIn):
    return Status(201, _out(actions.record_transfer_in(by=request.auth, data=payload)))


@router.get("/{union_id}", response=UnionOut)
def get_union(request, union_id: Id):
    return _out(get_object_or_404(GrassrootsUnion.objects.visible_to(request.auth), pk=union_id))


@router.put("/{union_id}", response=UnionOut)
def update_union(request, union_id: Id, payload: UnionEditIn):
    """The union's own fields, as the edit page saves them: ``version`` is the one read (a union changed since is
    refused, 409). Its head count, coverages and end are their own operations."""
    union = get_object_or_404(GrassrootsUnion.objects.visible_to(request.auth), pk=union_id)
    return _out(actions.edit_union(union=union, by=request.auth, data=payload))


@router.post("/{union_id}/coverages", response={201: CoverageOut})
@idempotent
def cover(request, union_id: Id, payload: CoverageIn):
    union = get_object_or_404(GrassrootsUnion.objects.visible_to(request.auth), pk=union_id)
    c = actions.cover_employer(union=union, by=request.auth, data=payload)
    return Status(
        201,
        {
            "id": c.pk,
            "union_id": c.union_id,
            "employer_id": c.employer_id,
            "start_on": c.start_on,
            "end_on": c.end_on,
        },
    )


@batches_router.get("", response=MemberBatchPage)
def list_batches(
    request, filters: Query[MemberBatchFilters], cursor: str = cursor(), limit: int = page_size(50, 100)
):
    """The batches of the unions in scope, newest first (by ``on``), filtered as the list page filters them."""
    query = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    form = BatchFilterForm(query or None, user=request.auth)
    if form.is_bound and not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    page = paginate(chosen_batches(form), field="on", cursor=cursor or None, size=limit)
    return {
        "items": [{f: getattr(b, f) for f in MemberBatchOut.model_fields} for b in page.items],
        "next_cursor": page.next_cursor,
    }


@batches_router.post("", response={201: MemberBatchOut})
@idempotent
def create_batch(request, payload: MemberBatchIn):
    b = actions.record_batch(by=request.auth, data=payload)
    return Status(201, {f: getattr(b, f) for f in MemberBatchOut.model_fields} | {"id": b.pk})
