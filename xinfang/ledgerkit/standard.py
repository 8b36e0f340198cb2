"""The create, update and check of a simple kit ledger, from its declaration (a ``Ledger`` without its own
``create``; docs/architecture.md, "Add a simple ledger"). What the model says is checked here, by field and in
Chinese: the columns' limits (``FieldErrors.check_limits``; dates in ``Ledger.ahead`` may lie ahead), a choice
that is none of the field's, a required text left empty, a check constraint comparing two fields (its message),
employers not in the register, an organisation outside the user's scope, a record already on file under the
natural key (``key_fields``: the message of the model's unique constraint on them). The ledger's own rules
follow (``Ledger.check``), then ``saving.create_record`` or ``update_record``."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import F

from xinfang.lib.fielderrors import FieldErrors

from .saving import create_record, employers_named, owning_org, require, require_owner, update_record

if TYPE_CHECKING:
    from .declaration import Ledger


def _key_message(ledger: Ledger) -> str:
    for constraint in ledger.model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and set(constraint.fields) == set(
            ledger.key_fields
        ):
            return str(constraint.violation_error_message)
    return f"该{ledger.noun}已登记。"


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "exact": operator.eq,
}


def _check_constraints(model: type[models.Model], values: dict[str, Any], errors: FieldErrors) -> None:
    """The model's check constraints that compare two fields (``Q(present__lte=F("representatives"))``), on the
    values: one that fails is refused under its first field with its Chinese message (the database keeps the
    others)."""
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        children = [] if getattr(condition, "negated", True) else condition.children  # type: ignore[union-attr]
        if len(children) != 1 or not isinstance(children[0], tuple) or not isinstance(children[0][1], F):
            continue
        lookup, other = children[0]
        name, _, op = lookup.partition("__")
        left, right, op = values.get(name), values.get(other.name), op or "exact"
        if {name, other.name} & set(errors.by_field) or op not in _COMPARE or None in (left, right):
            continue  # a value already refused, or a comparison the database alone checks
        if not _COMPARE[op](left, right):
            errors.add(name, str(constraint.violation_error_message))


def _checked(ledger: Ledger, by, data, record=None) -> tuple[dict[str, Any], dict[str, list]]:
    """The values to save (``org`` the owning organisation) and the many-to-many lists, or the ValidationError
    listing every problem by field."""
    model, errors = ledger.model, FieldErrors()
    names = [n for n in type(data).model_fields if n not in ("org_id", "version")]
    related = {
        n: employers_named(getattr(data, n), errors, n)
        for n in names
        if isinstance(model._meta.get_field(n), models.ManyToManyField)
    }
    plain = [n for n in names if n not in related]
    errors.check_limits(model, data, fields=plain, ahead=ledger.ahead)
    for name in plain:
        field, value = model._meta.get_field(name), getattr(data, name)
        assert isinstance(field, models.Field)
        if (
            field.choices
            and value not in [v for v, _ in field.flatchoices]
            and not (field.blank and value == "")
        ):
            errors.add(name, f"请选择{field.verbose_name}。")
        elif isinstance(field, models.CharField | models.TextField) and not field.blank and not value:
            errors.add(name, f"请填写{field.verbose_name}。")
    fields = {n: getattr(data, n) for n in plain} | {"org": owning_org(by, data.org_id, errors)}
    _check_constraints(model, fields, errors)
    if ledger.check is not None:
        ledger.check(fields | related, errors)
    if ledger.key_fields:
        same = model._default_manager.filter(**{k: fields[k] for k in ledger.key_fields})
        if (same.exclude(pk=record.pk) if record is not None else same).exists():
            errors.add(ledger.key_fields[-1], _key_message(ledger))
    errors.raise_if_any()
    return fields, related


def check(ledger: Ledger, *, by, data) -> None:
    """The checks of ``create`` alone (an import's check): refuses as it would, saves nothing."""
    require(by, ledger.ability, f"登记{ledger.noun}")
    _checked(ledger, by, data)


@transaction.atomic
def create(ledger: Ledger, *, by, data, imported: bool = False) -> Any:
    require(by, ledger.ability, f"登记{ledger.noun}")
    fields, related = _checked(ledger, by, data)
    summary = ledger.summary(fields) if ledger.summary is not None else ""
    return create_record(
        ledger.model, by=by, fields=fields, related=related, summary=summary, imported=imported
    )


@transaction.atomic
def update(ledger: Ledger, *, by, data, **record: Any) -> Any:
    """``record``: the record, under the model's name (``congress=``), as the kit's pages and API pass it."""
    (current,) = record.values()
    require_owner(current, by, ledger.ability, f"修改{ledger.noun}")
    fields, related = _checked(ledger, by, data, current)
    return update_record(
        current, by=by, expected_version=data.version, fields=fields, related=related, noun=ledger.noun
    )
