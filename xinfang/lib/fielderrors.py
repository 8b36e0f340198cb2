"""Field errors collected by an action and raised as one ValidationError, so the user sees every problem. Used by
every ledger's actions; the checks of the people a record lists are ``xinfang.people.checks``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from xinfang.lib import idnumber, limits


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

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def field_error(name: str, message: str) -> ValidationError:
    """One field's error, to raise at once."""
    return ValidationError({name: [message]})


def validate_id_birth_date(id_number: str) -> None:
    """The birth date in an ID number lies from 1900 to today (a valid-looking number can say 1850 or 2090)."""
    value = idnumber.normalize(id_number)
    try:
        born_on = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return  # the shape and the date itself are validate_id_number's messages
    problem = limits.birth_date_problem(born_on, label="身份证号中的出生日期")
    if problem:
        raise ValidationError(problem, code="id_birth_date_range")
