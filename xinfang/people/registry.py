"""Putting a person on file from any ledger: reuse the person with the same ID number, else create one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class PersonEntry:
    """One person to put on file in a batch (an import's row), already validated by the caller."""

    name: str
    id_number: str
    org: Org
    phone: str = ""
    gender: str = ""
    address: str = ""
    employer_id: int | None = None


def find_or_create_people(entries: Sequence[PersonEntry]) -> None:
    """``find_or_create_person`` for a batch (an import): one query for the ID numbers already on file, one insert
    for the new persons, one update for those completed. Every entry has a valid ID number, none twice. The same
    rule as for one person: an existing person is completed (blank phone, gender, address) only from an entry of
    the organisation that registered it, and otherwise left as it is, whoever registered it. Must run inside the
    caller's transaction. Nothing is returned: which numbers were already on file is not the caller's to know."""
    numbers = [idnumber.normalize(e.id_number) for e in entries]
    # "<> ''" lets SQLite use the partial unique index on the ID number (it cannot prove it from IN alone)
    found = Person.objects.select_for_update().filter(id_number__in=numbers).exclude(id_number="")
    on_file = {p.id_number: p for p in found}
    new, completed = [], []
    for entry, number in zip(entries, numbers, strict=True):
        person = on_file.get(number)
        if person is None:
            person = Person(
                name=entry.name.strip(),
                id_number=number,
                phone=entry.phone,
                gender=entry.gender,
                address=entry.address.strip(),
                employer_id=entry.employer_id,
                org=entry.org,
            )
            person.normalize()
            new.append(person)
        elif person.org_id == entry.org.pk and _complete(person, entry):
            completed.append(person)
    Person.objects.bulk_create(new)
    Person.objects.bulk_update(completed, ["phone", "gender", "address"])


def _complete(person: Person, entry: PersonEntry) -> bool:
    """Fill the person's blank phone, gender and address from the entry; whether anything changed."""
    changed = False
    for field, value in (
        ("phone", phones.normalize(entry.phone)),
        ("gender", entry.gender),
        ("address", entry.address.strip()),
    ):
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed = True
    return changed
