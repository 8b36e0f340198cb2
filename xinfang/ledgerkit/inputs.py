"""A simple ledger's input from its model: one field per column that is a model field, with the column's limits
(``lib.apifields.limit``), so that the API body, the form's data and an import row are refused alike before an
action runs. A ledger whose input has more (a nested list, a field that is no column) writes its ``Schema`` by
hand, as workers' homes and contracts do."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from xinfang.lib.apifields import limit
from xinfang.orgs.models import Employer, Org

_TYPES: tuple[tuple[type[models.Field], type], ...] = (
    (models.DateTimeField, datetime),
    (models.DateField, date),
    (models.BooleanField, bool),
    (models.DecimalField, Decimal),
    (models.IntegerField, int),
)


def _input_field(model: type[models.Model], field: models.Field) -> tuple[str, tuple[Any, Any]]:
    name = field.name
    if isinstance(field, models.ManyToManyField):  # employers of the register by name or credit code
        assert field.related_model is Employer, f"{model.__name__}.{name}: only employers are named in a list"
        return name, (list[str], Field(default_factory=list, max_length=500, title=str(field.verbose_name)))
    if isinstance(field, models.ForeignKey):  # the owning organisation; None: the user's own
        assert field.related_model is Org, f"{model.__name__}.{name}: a simple ledger's only key is its org"
        return f"{name}_id", (int | None, limit(model, name, default=None))
    kind = next((t for base, t in _TYPES if isinstance(field, base)), str)
    if field.has_default():
        return name, (kind, limit(model, name, default=field.get_default()))
    if field.blank or field.null:
        return name, (
            (kind, limit(model, name, default=""))
            if kind is str
            else (kind | None, limit(model, name, default=None))
        )
    return name, (kind, limit(model, name))


def model_input(model: type[models.Model], *names: str) -> type[Schema]:
    """``<Model>In``: a field for each model field named, in that order (a date, a number, a text with its limits,
    required unless it may be blank or has a default; a many-to-many of employers as a list of names; the ``org``
    as ``org_id``), and ``version``, the version read when editing (None: the current one)."""
    fields = dict(_input_field(model, model._meta.get_field(name)) for name in names)  # type: ignore[arg-type]
    fields["version"] = (int | None, limit(model, "version", default=None))
    return create_model(f"{model.__name__}In", __base__=Schema, **fields)  # type: ignore[call-overload]
