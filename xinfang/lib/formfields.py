"""Form fields and widgets that every ledger's forms share."""

from __future__ import annotations

from django import forms

from . import limits


class BoundedDateField(forms.DateField):
    """A date from 1990 up to ten years ahead (xinfang.lib.limits), so that no filter turns year 1 or 9999 into a
    moment that cannot be computed (a 500)."""

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and (problem := limits.date_problem(value, label=str(self.label), ahead=True)):
            raise forms.ValidationError(problem)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
