"""Field errors collected by an action and raised as one ValidationError, so the user sees every problem."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from xinfang.lib import limits


@dataclass
class FieldErrors:
    """Collects field errors so the user sees every problem at once; raised as one ValidationError."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def check(self, name: str, validator, value: str, label: str = "") -> None:
        try:
            validator(value)
        except ValidationError as e:
            for message in e.messages:
                self.add(name, f"{label}{message}")

    def check_limits(
        self,
        model: type[models.Model],
        data: Any,
        *,
        fields: Iterable[str] | Mapping[str, str],
        key: str = "",
        label: str = "",
        ahead: Iterable[str] = (),
    ) -> dict[str, Any]:
        """Check values against the limits of the model fields they go into (xinfang.lib.limits): length, NUL
        bytes and control characters, lone surrogates, digits, integer range, date range. ``fields`` names the
        values (an attribute or key of ``data``), or maps each to its model field. Texts come back cleaned
        (invisible characters removed, stripped); an input object (not a mapping) gets them written back.
        Errors go under ``key`` (default: the value's name), each message after ``label``; dates named in
        ``ahead`` may lie in the future (within limits.FUTURE_YEARS)."""
        pairs = fields.items() if isinstance(fields, Mapping) else ((n, n) for n in fields)
        ahead = set(ahead)
        is_mapping = isinstance(data, Mapping)
        cleaned: dict[str, Any] = {}
        for name, field_name in pairs:
            value = data.get(name) if is_mapping else getattr(data, name, None)
            if isinstance(value, str):
                value = limits.clean_text(value)
                if not is_mapping:
                    setattr(data, name, value)
            problem = limits.value_problem(model._meta.get_field(field_name), value, ahead=name in ahead)
            if problem:
                self.add(key or name, f"{label}{problem}")
            cleaned[name] = value
        return cleaned

    def check_text(self, name: str, value: str, *, label: str, max_length: int | None = None) -> str:
        """A text that is no model column of its own (a reason kept in an event): the same rules as
        check_limits. Returns it cleaned."""
        value = limits.clean_text(value or "")
        problem = limits.text_problem(value, label=label, max_length=max_length)
        if problem:
            self.add(name, problem)
        return value

    def check_date(self, name: str, value, *, label: str, ahead: bool = False) -> None:
        """A business date: from 1990-01-01 up to today (Beijing), or, ``ahead``, within limits.FUTURE_YEARS."""
        if value is not None:
            problem = limits.date_problem(value, label=label, ahead=ahead)
            if problem:
                self.add(name, problem)

    def check_people(self, name: str, people: list, label: str, duplicate: str) -> None:
        """Each listed person (``.name``, ``.id_number``, ``.phone``, and ``.gender``, ``.address`` when given)
        has a name that fits the register and valid numbers, and no ID number is listed twice. ``label`` takes
        the person's position: "第{}位信访人："."""
        from xinfang.lib import idnumber
        from xinfang.lib import phone as phones
        from xinfang.people.models import Gender, Person

        for i, p in enumerate(people, start=1):
            given = [f for f in ("name", "id_number", "phone", "address") if hasattr(p, f)]
            self.check_limits(Person, p, fields=given, key=name, label=label.format(i))
            if getattr(p, "gender", "") not in Gender.values:
                self.add(name, f"{label.format(i)}性别无效。")
            if not p.name.strip():
                self.add(name, f"{label.format(i)}请填写姓名。")
            if p.id_number.strip():
                self.check(name, idnumber.validate_id_number, p.id_number, label.format(i))
                self.check(name, validate_id_birth_date, p.id_number, label.format(i))
            if p.phone.strip():
                self.check(name, phones.validate_phone, p.phone, label.format(i))
        ids = [idnumber.normalize(p.id_number) for p in people if p.id_number.strip()]
        if len(ids) != len(set(ids)):
            self.add(name, duplicate)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def field_error(name: str, message: str) -> ValidationError:
    """One field's error, to raise at once."""
    return ValidationError({name: [message]})


def validate_id_birth_date(id_number: str) -> None:
    """The birth date in an ID number lies from 1900 to today (a valid-looking number can say 1850 or 2090)."""
    from datetime import date

    from xinfang.lib import idnumber

    value = idnumber.normalize(id_number)
    try:
        born_on = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return  # the shape and the date itself are validate_id_number's messages
    problem = limits.birth_date_problem(born_on, label="身份证号中的出生日期")
    if problem:
        raise ValidationError(problem, code="id_birth_date_range")
