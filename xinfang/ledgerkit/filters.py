"""A kit ledger's filters: one django-filter ``FilterSet`` serves the list page's form, the query (page, export)
and the API list's parameters (``filter_schema``). The base adds what every owned ledger has: the organisation
(the user's subtree, as a fast ``<select>``) and a keyword search over ``search_fields``."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Field, Model, Q, QuerySet
from ninja import Schema
from pydantic import create_model

from xinfang.lib.apifields import limit, ref, text
from xinfang.lib.formstyle import DatePicker, style_fields
from xinfang.orgs.models import Org, OrgKind
from xinfang.orgs.scoping import owned_q


def org_choices(user) -> list[tuple[Any, str]]:
    """The organisations of the user's subtree, indented by depth (no partners)."""
    return [
        (pk, "　" * (len(path) // 6 - 1) + name)
        for pk, name, path in Org.objects.visible_to(user)
        .exclude(kind=OrgKind.PARTNER)
        .order_by("path")
        .values_list("pk", "name", "path")
    ]


class DateFrom(django_filters.DateFilter):
    """``field`` on or after the date (a date picker)."""

    def __init__(self, field_name: str, label: str = "日期自", **kwargs):
        super().__init__(field_name=field_name, lookup_expr="gte", label=label, widget=DatePicker(), **kwargs)


class DateTo(django_filters.DateFilter):
    def __init__(self, field_name: str, label: str = "至", **kwargs):
        super().__init__(field_name=field_name, lookup_expr="lte", label=label, widget=DatePicker(), **kwargs)


class LedgerFilterSet(django_filters.FilterSet):
    """Declare the ledger's filters on a subclass (``ChoiceFilter``, ``DateFrom`` …); set ``search_fields`` for
    the keyword box. Built with ``request`` (its user scopes the organisation filter)."""

    search_fields: tuple[str, ...] = ()
    search_placeholder = ""

    q = django_filters.CharFilter(label="关键词", method="search", max_length=100)
    org = django_filters.TypedChoiceFilter(label="组织", coerce=int, empty_value=None, method="in_subtree")

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if not self.search_fields:
            self.filters.pop("q")
        else:
            self.filters["q"].extra["widget"] = forms.TextInput(
                attrs={"placeholder": self.search_placeholder}
            )

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            if "org" in form.fields:
                user = getattr(self.request, "user", None) or getattr(self.request, "auth", None)
                choices = [("", "全部组织")] + (org_choices(user) if user is not None else [])
                cast(forms.ChoiceField, form.fields["org"]).choices = choices
            style_fields(form)
        return self._form

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        text_ = value.strip()
        if not text_:
            return qs
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__contains": text_})
        return qs.filter(condition)

    def in_subtree(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        """Records owned by the chosen organisation or below it; one outside the user's scope gives nothing."""
        if not value:
            return qs
        user: Any = getattr(self.request, "user", None) or getattr(self.request, "auth", None)
        chosen = Org.objects.visible_to(user).filter(pk=value).first()
        return qs.filter(owned_q(chosen)) if chosen else qs.none()


def ledger_filters(
    model: type[Model], date_field: str, *, search: tuple[str, ...] = (), choices: tuple[str, ...] = ()
) -> type[LedgerFilterSet]:
    """The usual filter set of a simple ledger, from the model: the keyword box over the ``search`` fields (their
    Chinese names its placeholder), the domain date from and to (``held_on``: ``held_from``, ``held_to``), and a
    choice of each field in ``choices`` (全部<name> for none). A ledger with other filters subclasses
    ``LedgerFilterSet``."""

    def label(name: str) -> str:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))

    stem = date_field.removesuffix("_on").removesuffix("_at")
    attrs: dict[str, Any] = {
        "search_fields": search,
        "search_placeholder": " / ".join(label(n) for n in search),
        f"{stem}_from": DateFrom(date_field, label=f"{label(date_field)}自"),
        f"{stem}_to": DateTo(date_field),
    }
    for name in choices:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.choices, f"{model.__name__}.{name} has no choices"
        attrs[name] = django_filters.ChoiceFilter(
            label=label(name), choices=field.choices, empty_label=f"全部{label(name)}"
        )
    return type(f"{model.__name__}Filters", (LedgerFilterSet,), attrs)


def filter_schema(filterset: type[LedgerFilterSet], name: str, model) -> type:
    """The API list's query parameters, from the same filters: a text or choice is a string, a date a date, the
    organisation an id. Each is optional; the filter set then validates them as the page's form does."""
    fields: dict[str, Any] = {}
    for key, flt in filterset.base_filters.items():
        if key == "q" and not filterset.search_fields:
            continue
        title = str(flt.label or key)
        if key == "org":
            fields[key] = (int | None, ref(title=title, default=None))
        elif isinstance(flt, django_filters.DateFilter):
            fields[key] = (date | None, None)
        elif isinstance(flt, django_filters.NumberFilter):
            fields[key] = (int | None, None)
        elif isinstance(flt, django_filters.BooleanFilter):
            fields[key] = (bool | None, None)
        elif (
            isinstance(flt, django_filters.ChoiceFilter) and flt.field_name and hasattr(model, flt.field_name)
        ):
            fields[key] = (str, limit(model, flt.field_name, default="", title=title))
        else:
            fields[key] = (str, text(title=title, max_length=100, default=""))
    return create_model(name, __base__=Schema, **fields)
