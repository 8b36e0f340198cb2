from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xinfang.idempotency.keys import idempotent
from xinfang.lib.apifields import Id, page_size, search

from . import actions
from .inputs import EmployerIn
from .models import Employer, Org

router = Router(tags=["组织与用人单位"])


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None


class EmployerOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    ownership: str
    address: str
    legal_representative: str
    org_id: int | None
    employees: int | None
    has_union: bool
    merged_into_id: int | None = Field(title="已合并到", description="合并后的重复单位：沿用的单位的编号。")


@router.get("/organisations", response=list[OrgOut])
def list_organisations(request):
    return Org.objects.visible_to(request.auth)


@router.get("/organisations/{org_id}", response=OrgOut)
def get_organisation(request, org_id: Id):
    return get_object_or_404(Org.objects.visible_to(request.auth), pk=org_id)


@router.get("/employers", response=list[EmployerOut])
def list_employers(request, q: str = search(), limit: int = page_size(50, 200)):
    employers = Employer.objects.visible_to(request.auth).active().search(q)
    return employers.order_by("name")[: min(limit, 200)]


@router.get("/employers/{employer_id}", response=EmployerOut)
def get_employer(request, employer_id: Id):
    return get_object_or_404(Employer.objects.visible_to(request.auth), pk=employer_id)


@router.post("/employers", response={200: EmployerOut, 201: EmployerOut})
@idempotent
def create_employer(request, payload: EmployerIn):
    """An employer with this credit code or exactly this name is answered as it is (200); a name close to
    registered ones is refused (422, naming them) unless ``confirm_new``; else the new employer (201)."""
    employer, created = actions.create_employer(by=request.auth, data=payload)
    return Status(201 if created else 200, employer)
