from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from xinfang.idempotency.keys import idempotent
from xinfang.lib import creditcode
from xinfang.lib.apifields import Id, limit, page_size, search
from xinfang.lib.exceptions import NotAllowed

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
    org_id: int | None
    employees: int | None
    has_union: bool


class EmployerIn(Schema):
    name: str = limit(Employer, "name")
    credit_code: str = limit(Employer, "credit_code", default="")
    industry: str = limit(Employer, "industry", default="")
    ownership: str = limit(Employer, "ownership", default="")
    address: str = limit(Employer, "address", default="")
    employees: int | None = limit(Employer, "employees", default=None)
    has_union: bool = False


@router.get("/organisations", response=list[OrgOut])
def list_organisations(request):
    return Org.objects.visible_to(request.auth)


@router.get("/organisations/{org_id}", response=OrgOut)
def get_organisation(request, org_id: Id):
    return get_object_or_404(Org.objects.visible_to(request.auth), pk=org_id)


@router.get("/employers", response=list[EmployerOut])
def list_employers(request, q: str = search(), limit: int = page_size(50, 200)):
    return Employer.objects.visible_to(request.auth).search(q).order_by("name")[: min(limit, 200)]


@router.get("/employers/{employer_id}", response=EmployerOut)
def get_employer(request, employer_id: Id):
    return get_object_or_404(Employer.objects.visible_to(request.auth), pk=employer_id)


@router.post("/employers", response={201: EmployerOut})
@idempotent
def create_employer(request, payload: EmployerIn):
    user = request.auth
    if not user.can("orgs.edit_registry"):
        raise NotAllowed("您的角色不能新增用人单位。")
    employer = Employer(**payload.dict(), org=user.org if user.org.kind == "committee" else None)
    employer.credit_code = creditcode.normalize(employer.credit_code)
    employer.full_clean()  # field validators and the unique credit code, with Chinese messages
    employer.save()
    return Status(201, employer)
