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

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def field_error(name: str, message: str) -> ValidationError:
    """One field's error, to raise at once."""
    return ValidationError({name: [message]})
