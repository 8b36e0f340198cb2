"""Bootstrap classes for Django form widgets, and a fast <select> so templates can render fields plainly."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in Python. Django's Select renders one template per <option>, which costs tens of
    milliseconds for the few hundred organisations of a district; this renders the same HTML in well under one."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v is not None}
        parts = [f"<select{flatatt(self.build_attrs(self.attrs, {**(attrs or {}), 'name': name}))}>"]
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(f'<optgroup label="{escape(group_value)}">')
                parts.extend(self._option(v, label, selected) for v, label in group_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(group_value, group_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped above

    @staticmethod
    def _option(value, label, selected: set[str]) -> str:
        value = "" if value is None else str(getattr(value, "value", value))
        mark = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
            field.widget = widget = FastSelect(attrs=widget.attrs, choices=widget.choices)
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class DatePicker(forms.DateInput):
    """<input type="date">: the browser needs ISO dates whatever the language (zh-hans would render 2026/11/24)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
