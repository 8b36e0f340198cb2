"""The shared steps of a kit ledger's create and update actions: who may write, into which organisation, the
conditional update on the version, and the history entry. A ledger's actions call these after their own checks
(``FieldErrors``) so that every kit ledger refuses and records in the same words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import F, Q

from xinfang.clocks.scope import follow_owner
from xinfang.lib.exceptions import Conflict, NotAllowed
from xinfang.lib.fielderrors import FieldErrors
from xinfang.lib.workflow import record_event
from xinfang.orgs.models import Employer, Org

from .models import EventKind


def require(by, ability: str, what: str) -> None:
    """``what``: the step in Chinese (登记职代会). A user without the ability, or without an organisation, is
    refused."""
    if not by.can(ability) or by.org is None:
        raise NotAllowed(f"您的角色不能{what}。")


def require_owner(record, by, ability: str, what: str) -> None:
    """Writing to a record: the ability, and the record owned by the user's organisation or one below it."""
    require(by, ability, what)
    if not record.is_owned_by_org_of(by):
        raise NotAllowed(f"该记录由{record.org}负责，您所在单位不能{what}。")


def owning_org(by, org_id: int | None, errors: FieldErrors, field: str = "org") -> Org | None:
    """The organisation a record is entered for: the user's own (None) or one below it in his scope."""
    if not org_id or org_id == by.org_id:
        return by.org
    org = Org.objects.visible_to(by).filter(pk=org_id).first()
    if org is None:
        errors.add(field, "所选组织不在您的管辖范围内。")
    return org


def employers_named(names: Iterable[str], errors: FieldErrors, field: str = "employers") -> list[Employer]:
    """The employers of the register named by their names or credit codes (one query); a name not on it is an
    error of ``field``. A merged employer is not found (its page leads to the kept one)."""
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    found = list(Employer.objects.filter(Q(name__in=wanted) | Q(credit_code__in=wanted), merged_into=None))
    known = {e.name for e in found} | {e.credit_code for e in found}
    if missing := [n for n in wanted if n not in known]:
        errors.add(field, f"用人单位名录中没有：{'、'.join(missing[:5])}。")
    return found


def _shown(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return "；".join(str(v) for v in value)
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def create_record(
    model: type[models.Model],
    *,
    by,
    fields: Mapping[str, Any],
    related: Mapping[str, Iterable[models.Model]] | None = None,
    summary: str = "",
    imported: bool = False,
) -> Any:
    """Save a new record (its ``created_by`` the user), set its many-to-many ``related`` lists, and record its
    first event (登记, or 导入 from an import; ``summary``, default the record as text)."""
    record = model(**fields, created_by=by)
    record.save()
    for name, items in (related or {}).items():
        getattr(record, name).set(list(items))
    record_event(record, by, EventKind.IMPORTED if imported else EventKind.CREATED, summary or str(record))
    return record


def update_record(
    record,
    *,
    by,
    expected_version: int | None,
    fields: Mapping[str, Any],
    related: Mapping[str, Iterable[models.Model]] | None = None,
    also: Mapping[str, Mapping[str, Any]] | None = None,
    noun: str,
) -> Any:
    """Write ``fields`` only if nobody changed the record since ``expected_version`` (the version the user read;
    None: the current one, for input built in code): one conditional ``UPDATE``, version + 1; else ``Conflict``.
    The event lists what changed, by the fields' Chinese names; nothing changed, nothing is written. ``also``: the
    changes the ledger writes itself after this call (links in a table of its own), by their Chinese names, each
    ``{"from": …, "to": …}``: they count as changes, so the version check covers them and the event lists them."""
    model = type(record)
    changes: dict[str, dict[str, Any]] = {}
    for name, value in fields.items():
        before = getattr(record, name)
        if before != value:
            title = str(model._meta.get_field(name).verbose_name)
            changes[title] = {"from": _shown(before), "to": _shown(value)}
    for name, items in (related or {}).items():
        before_items = set(getattr(record, name).all())
        after_items = set(items)
        if before_items != after_items:
            title = str(model._meta.get_field(name).verbose_name)
            changes[title] = {
                "from": _shown(sorted(map(str, before_items))),
                "to": _shown(sorted(map(str, after_items))),
            }
    changes.update({name: dict(change) for name, change in (also or {}).items()})
    version = record.version if expected_version is None else expected_version
    if not changes:
        if version != record.version:
            raise Conflict(f"该{noun}已被他人修改，请刷新页面后重新操作。")
        return record
    for name, value in fields.items():
        setattr(record, name, value)
    if hasattr(record, "set_org_levels") and "org" in fields:
        record.set_org_levels()
        fields = {**fields, **{f"org_level{i}": getattr(record, f"org_level{i}") for i in range(1, 5)}}
    updated = model._default_manager.filter(pk=record.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise Conflict(f"该{noun}已被他人修改，请刷新页面后重新操作。")
    if "org" in fields:
        follow_owner(model, record.pk)  # the record's clocks keep copies of its scope columns
    for name, items in (related or {}).items():
        getattr(record, name).set(list(items))
    record.version = version + 1
    record_event(record, by, EventKind.UPDATED, f"修改了{'、'.join(changes)}", **changes)
    return record
