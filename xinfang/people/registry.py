"""Putting a person on file from any ledger: reuse the person with the same ID number, else create one."""

from __future__ import annotations

from xinfang.lib import idnumber
from xinfang.lib import phone as phones
from xinfang.orgs.models import Org

from .models import Person


def find_or_create_person(
    *,
    name: str,
    id_number: str = "",
    phone: str = "",
    gender: str = "",
    address: str = "",
    org: Org,
    fill_blanks: bool = True,
) -> Person:
    """The person with this ID number, else a new one registered by ``org``. Must run inside the caller's
    transaction (the row is locked while it is completed).

    The person's stored data is never shown to the caller through this: a ledger keeps what its user typed
    (``Petitioner`` snapshots). Blank fields of an existing person are filled only when the same organisation
    registered it and ``fill_blanks`` holds (the caller passes False for a confidential case), so that nothing
    typed in one scope turns up on a person page seen in another."""
    number = idnumber.normalize(id_number)
    person = Person.objects.select_for_update().filter(id_number=number).first() if number else None
    if person is None:
        person = Person(name=name.strip(), id_number=number, org=org)
    elif not fill_blanks or person.org_id != org.pk:
        return person
    for field, value in (("phone", phone), ("gender", gender), ("address", address)):
        value = value.strip()
        if value and not getattr(person, field):
            setattr(person, field, phones.normalize(value) if field == "phone" else value)
    person.save()
    return person
