"""Checking the people a ledger lists on a record (a petition's petitioners, a mediation's workers) against the
person register's limits, before the action stores them."""

from __future__ import annotations

from xinfang.lib import idnumber
from xinfang.lib import phone as phones
from xinfang.lib.fielderrors import FieldErrors, validate_id_birth_date

from .models import Gender, Person


def check_people(errors: FieldErrors, name: str, people: list, label: str, duplicate: str) -> None:
    """Each listed person (``.name``, ``.id_number``, ``.phone``, and ``.gender``, ``.address`` when given) has a
    name that fits the register and valid numbers, and no ID number is listed twice; problems go into ``errors``
    under ``name``. ``label`` takes the person's position: "第{}位信访人："."""
    for i, p in enumerate(people, start=1):
        given = [f for f in ("name", "id_number", "phone", "address") if hasattr(p, f)]
        errors.check_limits(Person, p, fields=given, key=name, label=label.format(i))
        if getattr(p, "gender", "") not in Gender.values:
            errors.add(name, f"{label.format(i)}性别无效。")
        if not p.name.strip():
            errors.add(name, f"{label.format(i)}请填写姓名。")
        if p.id_number.strip():
            errors.check(name, idnumber.validate_id_number, p.id_number, label.format(i))
            errors.check(name, validate_id_birth_date, p.id_number, label.format(i))
        if p.phone.strip():
            errors.check(name, phones.validate_phone, p.phone, label.format(i))
    ids = [idnumber.normalize(p.id_number) for p in people if p.id_number.strip()]
    if len(ids) != len(set(ids)):
        errors.add(name, duplicate)
