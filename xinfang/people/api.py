from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xinfang.lib.apifields import Id, page_size, search

from .models import Person

router = Router(tags=["人员"])


class PersonOut(Schema):
    """ID and phone numbers are always masked in the API; a reveal is a logged action on the page."""

    id: int
    name: str
    id_number: str
    phone: str
    gender: str
    address: str
    employer_id: int | None

    @staticmethod
    def resolve_id_number(obj: Person) -> str:
        return obj.masked_id_number

    @staticmethod
    def resolve_phone(obj: Person) -> str:
        return obj.masked_phone


@router.get("", response=list[PersonOut])
def list_persons(request, q: str = search(), limit: int = page_size(50, 200)):
    return Person.objects.visible_to(request.auth).search(q).order_by("-pk")[: min(limit, 200)]


@router.get("/{person_id}", response=PersonOut)
def get_person(request, person_id: Id):
    return get_object_or_404(Person.objects.visible_to(request.auth), pk=person_id)
