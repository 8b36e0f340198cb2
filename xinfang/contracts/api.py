"""Collective contracts in the REST API beside the kit's list, detail, create and update (``ledgerkit.api``, under
the same ``/api/v1/contracts``): the summary (counts, coverage and shares) of the filtered contracts and the steps
(sessions, filing, objection, refiling), each taking its action's input model."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from xinfang.ledgerkit.declaration import ledger as kit_ledger
from xinfang.ledgerkit.listing import filter_set
from xinfang.lib.apifields import Id, limit, ref, text
from xinfang.lib.rates import Rate

from . import actions
from .figures import summary
from .inputs import ContractSessionIn, FilingIn, ObjectionIn
from .models import Contract

router = Router(tags=["集体合同"])


class ContractLinks(Schema):
    """What the kit's record schema (list, detail, create, update) adds to the columns: the employers listed."""

    employer_ids: list[int] = Field(
        title="覆盖的用人单位", description="覆盖的已登记用人单位的编号（用人单位名录）"
    )

    @staticmethod
    def resolve_employer_ids(obj: Contract) -> list[int]:
        return [link.employer_id for link in sorted(obj.employer_links.all(), key=lambda link: link.pk)]


class ContractRow(Schema):
    id: int
    number: str
    contract_type: str
    kind: str
    status: str
    employer_side: str
    worker_side: str
    employers_covered: int
    sole_traders_covered: int
    workers_covered: int
    signed_on: date
    filing_due_on: date
    effective_on: date | None
    starts_on: date
    ends_on: date
    org: str


class ContractStepOut(ContractRow):
    """The contract after a step."""

    industry: str
    employer_chief: str
    worker_chief: str
    voted_on: date
    representatives_total: int
    representatives_present: int
    votes_for: int
    filed_on: date | None
    review_ends_on: date | None
    objected_on: date | None
    objection: str
    renewal_opens_on: date
    predecessor_id: int | None
    renewal_id: int | None
    employer_ids: list[int]
    note: str
    version: int


class ContractSummaryFilters(Schema):
    """The list's filters (the same names as the kit's list parameters)."""

    q: str = text(title="关键词", max_length=100, default="")
    signed_from: date | None = None
    signed_to: date | None = None
    contract_type: str = limit(Contract, "contract_type", default="")
    kind: str = limit(Contract, "kind", default="")
    status: str = limit(Contract, "status", default="")
    org: int | None = ref(title="责任组织", default=None)
    employer: int | None = ref(title="用人单位", default=None)
    queue: str = text(title="工作队列", max_length=20, default="")


class ShareOut(Schema):
    numerator: int
    denominator: int
    percent: str  # "42.5%", or "—" without a denominator


class CoverageOut(Schema):
    title: str
    contracts: int
    employers: int
    workers: int


class ContractSummaryOut(Schema):
    total: CoverageOut
    sole_traders: int
    by_type: list[CoverageOut]
    share_by_count: ShareOut
    share_by_employers: ShareOut
    share_by_workers: ShareOut
    sentence: str


def _row(c: Contract) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "contract_type": c.contract_type,
        "kind": c.kind,
        "status": c.status,
        "employer_side": c.employer_side,
        "worker_side": c.worker_side,
        "employers_covered": c.employers_covered,
        "sole_traders_covered": c.sole_traders_covered,
        "workers_covered": c.workers_covered,
        "signed_on": c.signed_on,
        "filing_due_on": c.filing_due_on,
        "effective_on": c.effective_on,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "org": c.org.name,
    }


def _detail(c: Contract) -> dict:
    renewal = Contract.objects.filter(predecessor=c).values_list("pk", flat=True).first()
    return _row(c) | {
        "industry": c.industry,
        "employer_chief": c.employer_chief,
        "worker_chief": c.worker_chief,
        "voted_on": c.voted_on,
        "representatives_total": c.representatives_total,
        "representatives_present": c.representatives_present,
        "votes_for": c.votes_for,
        "filed_on": c.filed_on,
        "review_ends_on": c.review_ends_on,
        "objected_on": c.objected_on,
        "objection": c.objection,
        "renewal_opens_on": c.renewal_opens_on,
        "predecessor_id": c.predecessor_id,
        "renewal_id": renewal,
        "employer_ids": list(c.employer_links.order_by("pk").values_list("employer_id", flat=True)),
        "note": c.note,
        "version": c.version,
    }


def _share(rate: Rate) -> dict:
    return {"numerator": int(rate.numerator), "denominator": int(rate.denominator), "percent": str(rate)}


def _scoped(request, contract_id: Id) -> Contract:
    return get_object_or_404(Contract.objects.visible_to(request.auth).select_related("org"), pk=contract_id)


@router.get("/summary", response=ContractSummaryOut)
def contract_summary(request, filters: Query[ContractSummaryFilters]):
    """Counts, coverage by type and the shares of regional and industry contracts, over the contracts the list
    shows with the same filters (the kit's filter set)."""
    query = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    found = filter_set(kit_ledger("contracts"), request.auth, query)  # type: ignore[arg-type]
    if found.is_bound and not found.is_valid():
        raise ValidationError({k: list(v) for k, v in found.form.errors.items()})
    s = summary(found.qs)
    return {
        "total": s.total.__dict__,
        "sole_traders": s.sole_traders,
        "by_type": [t.__dict__ for t in s.by_type],
        "share_by_count": _share(s.by_count),
        "share_by_employers": _share(s.by_employers),
        "share_by_workers": _share(s.by_workers),
        "sentence": s.sentence(),
    }


@router.post("/{contract_id}/sessions", response={201: dict})
def add_session(request, contract_id: Id, payload: ContractSessionIn):
    session = actions.add_session(contract=_scoped(request, contract_id), by=request.auth, data=payload)
    return Status(201, {"id": session.pk, "held_on": session.held_on})


@router.post("/{contract_id}/filing", response=ContractStepOut)
def file(request, contract_id: Id, payload: FilingIn):
    """报送审查: the day the labour department received the text; the 15-day review starts."""
    actions.file_contract(contract=_scoped(request, contract_id), by=request.auth, data=payload)
    return _detail(_scoped(request, contract_id))


@router.post("/{contract_id}/objection", response=ContractStepOut)
def objection(request, contract_id: Id, payload: ObjectionIn):
    actions.record_objection(contract=_scoped(request, contract_id), by=request.auth, data=payload)
    return _detail(_scoped(request, contract_id))


@router.post("/{contract_id}/refiling", response=ContractStepOut)
def refile(request, contract_id: Id, payload: FilingIn):
    actions.refile_contract(contract=_scoped(request, contract_id), by=request.auth, data=payload)
    return _detail(_scoped(request, contract_id))
