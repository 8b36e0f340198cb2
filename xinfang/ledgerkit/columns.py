"""Columns and forms from the model: a kit ledger names its fields, and its column list (import template, export,
list, detail) and its form take header, type, requirement, choices and limits from the model fields (its input
too: ``inputs.model_input``)."""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from django import forms
from django.db import models

from xinfang.imports.registry import Choices, Column, ColumnType
from xinfang.lib.formstyle import DatePicker
from xinfang.orgs.models import Org

from .forms import LedgerForm


def _type(field: models.Field) -> ColumnType:
    if field.choices:
        return ColumnType.CHOICE
    if isinstance(field, models.ForeignKey) and field.related_model is Org:
        return ColumnType.ORGANISATION
    for kind, column_type in (
        (models.DateTimeField, ColumnType.DATETIME),
        (models.DateField, ColumnType.DATE),
        (models.BooleanField, ColumnType.BOOLEAN),
        (models.DecimalField, ColumnType.DECIMAL),
        (models.IntegerField, ColumnType.INTEGER),
    ):
        if isinstance(field, kind):
            return column_type
    return ColumnType.TEXT


def model_columns(
    model: type[models.Model], *names: str, **changes: Column | dict[str, Any]
) -> tuple[Column, ...]:
    """One column per field, in order: its verbose name as the header, its type, required unless it may be blank
    or has a default, its choices. ``changes``: a ``Column`` for a name replaces it (a name that is no field
    needs one); a dict changes some of its attributes (``present={"help": "不多于代表总数"}``)."""
    columns = []
    for name in names:
        change = changes.get(name, {})
        if isinstance(change, Column):
            columns.append(change)
            continue
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        if isinstance(field, models.ManyToManyField):  # the names, separated by “；” (``split_list``)
            many = Column(str(field.verbose_name), name, help="以“；”分隔", width=30, read=_names(name))
            columns.append(dataclasses.replace(many, **change))
            continue
        column = Column(
            header=str(field.verbose_name),
            field=name,
            type=_type(field),
            required=not field.blank and not field.has_default() and not field.null,
            choices=cast(Choices, field.choices or ()),
            help=str(field.help_text or ""),
            width=12 if isinstance(field, models.DateField | models.IntegerField) else 16,
        )
        columns.append(dataclasses.replace(column, **change))
    return tuple(columns)


def _names(name: str):
    return lambda record: "；".join(map(str, getattr(record, name).all()))


def _form_field(field: models.Field, **kwargs) -> forms.Field | None:
    if isinstance(field, models.ManyToManyField):  # employers of the register (``saving.employers_named``)
        label = f"{field.verbose_name}（名录中的单位名称或信用代码，每行一个）"
        return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return field.formfield(widget=DatePicker(), **kwargs)
    if isinstance(field, models.TextField):
        return field.formfield(widget=forms.Textarea(attrs={"rows": 4}), **kwargs)
    return field.formfield(**kwargs)


def ledger_form(model: type[models.Model], *names: str, **declared: forms.Field) -> type[LedgerForm]:
    """A ``LedgerForm`` with a form field for each model field named (labels, requirement, lengths, choices, date
    pickers from the model; a many-to-many of employers as names in a text box, one a line), in that order;
    ``declared`` adds or replaces fields. The organisation is the ``LedgerForm``'s own ``org``."""
    fields: dict[str, Any] = {}
    for name in names:
        if name in declared:
            fields[name] = declared[name]
        else:
            form_field = _form_field(model._meta.get_field(name))  # type: ignore[arg-type]
            assert form_field is not None, name
            fields[name] = form_field
    fields.update({k: v for k, v in declared.items() if k not in fields})
    order = [*names, "org"]
    return type(f"{model.__name__}Form", (LedgerForm,), {**fields, "field_order": order})
