"""Field errors collected by an action and raised as one ValidationError, so the user sees every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError


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

    def check_people(self, name: str, people: list, label: str, duplicate: str) -> None:
        """Each listed person (``.name``, ``.id_number``, ``.phone``) has a name and valid numbers, and no ID
        number is listed twice. ``label`` takes the person's position: "第{}位信访人："."""
        from xinfang.lib import idnumber
        from xinfang.lib import phone as phones

        for i, p in enumerate(people, start=1):
            if not p.name.strip():
                self.add(name, f"{label.format(i)}请填写姓名。")
            if p.id_number.strip():
                self.check(name, idnumber.validate_id_number, p.id_number, label.format(i))
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
