from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from xinfang.idempotency.keys import idempotent
from xinfang.lib import creditcode
from xinfang.lib.apifields import Id, limit, page_size, search
from xinfang.lib.exceptions import NotAllowed

from .models import CONFIRM_NEW, Employer, Org, OrgKind, find_employer, refuse_close_names

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


class EmployerIn(Schema):
    name: str = limit(Employer, "name")
    credit_code: str = limit(Employer, "credit_code", default="")
    industry: str = limit(Employer, "industry", default="")
    ownership: str = limit(Employer, "ownership", default="")
    address: str = limit(Employer, "address", default="")
    legal_representative: str = limit(Employer, "legal_representative", default="")
    employees: int | None = limit(Employer, "employees", default=None)
    has_union: bool = False
    confirm_new: bool = Field(False, title="确认新建用人单位", description=CONFIRM_NEW)


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
    user = request.auth
    if not user.can("orgs.edit_registry"):
        raise NotAllowed("您的角色不能新增用人单位。")
    fields = payload.dict(exclude={"confirm_new"})
    existing = find_employer(name=fields["name"], credit_code=fields["credit_code"], by=user)
    if existing is not None:
        return Status(200, existing)
    employer = Employer(**fields, org=user.org if user.org.kind == OrgKind.COMMITTEE else None)
    employer.credit_code = creditcode.normalize(employer.credit_code)
    employer.full_clean()  # field validators and the unique credit code, with Chinese messages
    refuse_close_names(
        name=employer.name, by=user, confirm_new=payload.confirm_new, field="name", label="单位名称"
    )
    employer.save()
    return Status(201, employer)
