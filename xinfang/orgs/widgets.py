"""Several registered employers on a form (a collective contract's employers covered): the employer picker of the
registration forms (``orgs/_employer_field.html``, ``static/js/xinfang.js``) in its multiple mode. Each employer
picked is a chip with its hidden id and × to remove it; the form receives the list of ids."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .models import Employer


class EmployerPicker(forms.Widget):
    template_name = "orgs/_employer_picker.html"

    def value_from_datadict(self, data, files, name) -> list[str]:
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # no chip left is a choice (none), not a field left out

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        ids = []
        for v in value or []:
            try:
                ids.append(int(v))
            except (TypeError, ValueError):
                continue  # a stray value: the field reports it
        found = Employer.objects.in_bulk(ids)
        context: dict[str, Any] = {
            "name": name,
            "id": (attrs or {}).get("id") or f"id_{name}",
            "chosen": [found[pk] for pk in dict.fromkeys(ids) if pk in found],
        }
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308 - a template's output


class EmployersField(forms.Field):
    """The ids of the employers picked (``EmployerPicker``); whether each may be listed is the action's check."""

    widget = EmployerPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        try:
            return list(dict.fromkeys(int(v) for v in value or []))
        except (TypeError, ValueError):
            raise forms.ValidationError("所选用人单位无效，请从查找结果中重新选择。") from None
