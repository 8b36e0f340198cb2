"""A kit ledger's import kind (``imports/registry.py``): its columns are the ledger's one column list, each row is
validated by the ledger's typed input, a row whose natural key is on file is left as it is (one query per batch),
and each new row is saved through the ledger's create action (``per_row``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_origin

import pydantic
from django.core.exceptions import ValidationError
from django.db.models import Model, Q

from xinfang.imports.registry import Column, ImportKind
from xinfang.imports.rows import ImportContext, Problems, Row, per_row
from xinfang.lib.apifields import api_messages, with_titles
from xinfang.lib.exceptions import ActionError

from .listing import filtered

if TYPE_CHECKING:
    from .declaration import Ledger


def split_list(value: str) -> list[str]:
    """A list typed into one box or cell: one item a line, or separated by “；” “;” “、”."""
    return [item.strip() for item in re.split(r"[\n；;、]", value) if item.strip()]


def input_data(values: Mapping[str, Any], input_model) -> dict[str, Any]:
    """Form or row values as the input's data: a record (an organisation) becomes its id under ``<name>_id``
    where the input has that field; a text for a list field is split (``split_list``); empty cells are left out
    (the input's defaults apply)."""
    names = input_model.model_fields
    data: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, Model):
            name, value = (f"{name}_id" if f"{name}_id" in names else name), value.pk
        if name in names and value is not None:
            if isinstance(value, str) and get_origin(names[name].annotation) is list:
                value = split_list(value)
            data[name] = value
    return data


def _key(data: pydantic.BaseModel, fields: tuple[str, ...], ctx: ImportContext) -> tuple:
    """A row's natural key from its cleaned input (after the defaults: an empty organisation cell is the
    organisation imported into, or the importer's own, as the create action takes it), not from its cells: a
    second import of a file with blanks then finds the records the first one saved. A record is keyed by its id
    (``org`` → ``org_id``)."""
    values = []
    for name in fields:
        value = getattr(data, f"{name}_id") if hasattr(data, f"{name}_id") else getattr(data, name)
        if name == "org" and value is None and ctx.user is not None:
            value = ctx.user.org_id  # the create action's default: the user's own organisation
        values.append(value)
    return tuple(values)


@dataclass(frozen=True)
class Importable:
    """What the kit's import kind needs of a record type: a kit ledger's declaration gives it (``import_kind_for``);
    a record type of a ledger that has no kit pages of its own (the homes' honours) declares it directly and
    registers ``importable_kind(...)``, so that its import and export are the kit's, not a copy."""

    key: str  # the import kind's key (``honours``)
    noun: str  # one record, in messages and the summary (职工之家荣誉)
    model: type[
        Model
    ]  # its manager has ``visible_to(user)``: the natural key is looked up in the user's scope
    columns: tuple[Column, ...]
    input: type[pydantic.BaseModel]  # the create action's typed input
    create: Callable[..., Any]  # ``create(*, by, data, imported)``
    ability: str  # who may import it (``user.can``)
    natural_key: str  # in Chinese, for the template's explanation sheet
    key_fields: tuple[str, ...]  # the input's fields of the natural key (``org`` is read as ``org_id``)
    validate: Callable[..., Any] | None = None  # ``validate(*, by, data)``: the create action's checks alone
    import_data: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None  # a row's values → input data
    records: Callable[[Any, Mapping[str, str]], Any] | None = (
        None  # the export's list: (user, the list's query)
    )
    order: int = 100

    def column_or_none(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)


def import_kind_for(ledger: Ledger) -> ImportKind:
    """A kit ledger's import kind: its one column list, its input and create action, the export of its list as
    its filter set filters it."""

    def records(user, query):
        return (
            filtered(ledger, user, query).prefetch_related(*ledger.prefetch).order_by(ledger.date_field, "pk")
        )

    return importable_kind(
        Importable(
            key=ledger.key,
            noun=ledger.noun,
            model=ledger.model,
            columns=ledger.columns,
            input=ledger.input,
            create=ledger.create,
            ability=ledger.ability,
            natural_key=ledger.natural_key,
            key_fields=ledger.key_fields,
            validate=ledger.validate,
            import_data=ledger.import_data,
            records=records,
            order=50 + ledger.order,
        )
    )


def importable_kind(spec: Importable) -> ImportKind:
    def row_input(row: Row, ctx: ImportContext):
        values = dict(row.values)
        if "org" in values and values["org"] is None and ctx.org is not None:
            values["org"] = ctx.org
        mapped = spec.import_data(values) if spec.import_data else values
        return spec.input.model_validate(input_data(mapped, spec.input))

    def check(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
        if ctx.user is None:
            problems.add_to_file(f"导入{spec.noun}须指定导入人（--user），按其权限和管辖范围保存。")
            return
        seen = ctx.seen("keys")
        keyed = []
        for row in rows:
            try:
                data = row_input(row, ctx)
            except pydantic.ValidationError as e:
                for name, texts in api_messages(with_titles(spec.input, e.errors())).items():
                    field = name.split(".")[0].removesuffix("_id")
                    for message in texts:
                        problems.add(row, field if spec.column_or_none(field) else "", message)
                continue
            key = _key(data, spec.key_fields, ctx)
            if key in seen:
                problems.add(row, "", f"与第{seen[key]}行重复（{spec.natural_key}相同）。")
                continue
            seen[key] = row.number
            keyed.append((row, key, data))
        if not keyed:
            return
        condition = Q()
        for _, key, _ in keyed:
            condition |= Q(**dict(zip(spec.key_fields, key, strict=True)))
        visible = spec.model.objects.visible_to(ctx.user)  # type: ignore[attr-defined]
        on_file = set(visible.filter(condition).values_list(*spec.key_fields))
        for row, key, data in keyed:
            row.found = key in on_file
            if not row.found and spec.validate is not None:
                try:
                    spec.validate(by=ctx.user, data=data)
                except (ValidationError, ActionError) as e:
                    problems.add_errors(row, e)

    def save_row(row: Row, ctx: ImportContext) -> None:
        if row.found:
            ctx.counts["kept"] += 1
            return
        spec.create(by=ctx.user, data=row_input(row, ctx), imported=True)
        ctx.counts["added"] += 1

    def summary(counts: Counter[str]) -> str:
        return f"新增{spec.noun}{counts['added']}条；{counts['kept']}条已在册，未改动。"

    return ImportKind(
        key=spec.key,
        title=spec.noun,
        columns=spec.columns,
        natural_key=spec.natural_key,
        check=check,
        save=per_row(save_row),
        may_import=lambda user: user.can(spec.ability),
        summary=summary,
        records=spec.records,
        order=spec.order,
    )
