"""Delegate apportionments in the REST API: the same action, scope rule and table as the pages."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, cursor, page_size
from xinfang.lib.keyset import paginate

from . import tables
from .actions import apportion_delegates
from .inputs import ApportionmentIn
from .models import TIE_RULE, Apportionment

router = Router(tags=["代表名额分配"])


class DelegationOut(Schema):
    position: int
    name: str
    members: int
    minimum: int
    quota: str  # exact: "numerator/denominator"
    quota_printed: str  # as the table prints it (four decimals, "…" when cut)
    seats: int
    by_tie_rule: bool


class ApportionmentOut(Schema):
    id: int
    congress: str
    seats: int
    minimum: int
    decided_on: date
    tie_rule: str
    delegations: list[DelegationOut]


class ApportionmentPage(Schema):
    items: list[ApportionmentOut]
    next_cursor: str | None


def _out(a: Apportionment) -> dict:
    return {
        "id": a.pk,
        "congress": a.congress,
        "seats": a.seats,
        "minimum": a.minimum,
        "decided_on": a.decided_on,
        "tie_rule": TIE_RULE,
        "delegations": [
            {
                "position": d.position,
                "name": d.name,
                "members": d.members,
                "minimum": a.minimum,
                "quota": f"{d.quota_numerator}/{d.quota_denominator}",
                "quota_printed": tables.quota_text(d.quota),
                "seats": d.seats,
                "by_tie_rule": d.by_tie_rule,
            }
            for d in a.delegations.all()
        ],
    }


@router.get("", response=ApportionmentPage, operation_id="delegates_list", url_name="delegates_list")
def list_apportionments(request, cursor: str = cursor(), limit: int = page_size(20, 100)):
    qs = Apportionment.objects.visible_to(request.auth).prefetch_related("delegations")
    page = paginate(qs, field="registered_at", cursor=cursor or None, size=limit)
    return {"items": [_out(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get("/{apportionment_id}", response=ApportionmentOut, operation_id="delegates_detail")
def apportionment_detail(request, apportionment_id: Id):
    return _out(get_object_or_404(Apportionment.objects.visible_to(request.auth), pk=apportionment_id))


@router.post(
    "", response={201: ApportionmentOut}, operation_id="delegates_create", url_name="delegates_create"
)
@idempotent
def create_apportionment(request, payload: ApportionmentIn):
    return Status(201, _out(apportion_delegates(by=request.auth, data=payload)))
