"""Steps on the employer register: creating an employer, merging a duplicate into the one kept."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xinfang.audit.models import AppendOnly
from xinfang.lib import creditcode
from xinfang.lib.exceptions import Conflict, NotAllowed

from .inputs import EmployerIn
from .models import (
    Employer,
    EmployerEvent,
    EmployerEventKind,
    OrgKind,
    OrgUser,
    find_employer,
    refuse_close_names,
)


class Actor(Protocol):
    """Who takes a step here: a user (``accounts.User``, an app above this one) with its abilities."""

    pk: Any

    def can(self, ability: str) -> bool: ...


class Editor(OrgUser, Protocol):
    """Who adds to the register: a user of one organisation (or none) with its abilities."""

    def can(self, ability: str) -> bool: ...


@transaction.atomic
def create_employer(*, by: Editor, data: EmployerIn) -> tuple[Employer, bool]:
    """新增用人单位: the employer with this credit code or exactly this name is answered as it is (created False);
    a name close to registered ones is refused (ValidationError naming them) unless ``data.confirm_new``; else the
    new employer, filed under the user's working committee if he is in one (created True)."""
    if not by.can("orgs.edit_registry"):
        raise NotAllowed("您的角色不能新增用人单位。")
    fields = data.dict(exclude={"confirm_new"})
    existing = find_employer(name=fields["name"], credit_code=fields["credit_code"], by=by)
    if existing is not None:
        return existing, False
    home = by.org
    employer = Employer(**fields, org=home if home is not None and home.kind == OrgKind.COMMITTEE else None)
    employer.credit_code = creditcode.normalize(employer.credit_code)
    employer.full_clean()  # field validators and the unique credit code, with Chinese messages
    refuse_close_names(
        name=employer.name, by=by, confirm_new=data.confirm_new, field="name", label="单位名称"
    )
    employer.save()
    return employer, True


# Details of the kept employer that a merge fills in from the duplicate when the kept one has none.
FILLED = ("credit_code", "industry", "ownership", "address", "org_id", "employees")


@transaction.atomic
def merge_employers(*, duplicate: Employer, into: Employer, by: Actor) -> EmployerEvent:
    """Merge a duplicate employer into the one kept. Every record that points at the duplicate now points at the
    kept one: the records are found through the model graph (``Employer._meta.related_objects``), so a ledger
    added later follows without this function naming it; histories (append-only records) say what was true
    when they were written and are left as they are. Details the kept employer lacks are taken from the
    duplicate. The duplicate stays on file, merged: a registration that still names it is filed under the kept
    one (``EmployerQuerySet.for_record``). The kept employer's history records who merged which employer and
    how many records of each kind moved."""
    if not by.can("orgs.merge_employers"):
        raise NotAllowed("只有系统管理员可以合并用人单位。")
    if duplicate.pk == into.pk:
        raise ValidationError({"into": ["不能将用人单位合并到其自身，请选择另一家单位作为保留的单位。"]})
    # Both rows locked, in a fixed order: a registration naming either waits, or has been saved and moves.
    locked = {e.pk: e for e in Employer.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk])}
    if len(locked) != 2:
        raise Conflict("所选单位已不存在，请刷新后重试。")
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.merged_into_id is not None:
        raise Conflict(f"{duplicate.name}已合并到其他单位。")
    if into.merged_into_id is not None:
        raise Conflict(f"{into.name}已合并到其他单位，不能作为保留的单位。")

    moved = _move_records(duplicate, into)
    filled = _fill_blanks(duplicate, into)
    Employer.objects.filter(pk=duplicate.pk).update(merged_into=into)
    counts = "、".join(f"{label}{count}" for label, count in moved.values())
    return EmployerEvent.objects.create(
        employer=into,
        by_id=by.pk,
        kind=EmployerEventKind.MERGED,
        other=duplicate,
        summary=f"并入{duplicate.name}（编号{duplicate.pk}）：{counts}"[:200],
        changes={
            "merged": {"id": duplicate.pk, "name": duplicate.name, "credit_code": duplicate.credit_code},
            "moved": {model: count for model, (_, count) in moved.items()},
            "filled": filled,
        },
    )


def _relations():
    """The relations by which records point at an employer, histories left out."""
    for relation in Employer._meta.related_objects:
        model = relation.related_model  # a model class (a reverse relation is never "self")
        if isinstance(model, type) and not issubclass(model, AppendOnly):
            yield relation


def records_of(employer: Employer) -> list[tuple[str, int]]:
    """How many records of each kind point at the employer (one count per kind), for the merge page."""
    return [
        (
            str(r.related_model._meta.verbose_name_plural),
            r.related_model._base_manager.filter(**{r.field.name: employer}).count(),
        )
        for r in _relations()
        if not r.many_to_many
    ] + [
        (
            str(r.related_model._meta.verbose_name_plural),
            r.through._base_manager.filter(**{r.field.m2m_reverse_field_name(): employer}).count(),
        )
        for r in _relations()
        if r.many_to_many
    ]


def _move_records(duplicate: Employer, into: Employer) -> dict[str, tuple[str, int]]:
    """Point every record at the kept employer; per kind of record (``app.model``): its name and the count."""
    moved = {}
    for relation in _relations():
        model = relation.related_model
        if relation.many_to_many:
            moved[model._meta.label_lower] = (
                str(model._meta.verbose_name_plural),
                _move_links(relation, duplicate, into),
            )
            continue
        field = relation.field.name
        try:
            with transaction.atomic():
                count = model._base_manager.filter(**{field: duplicate}).update(**{field: into})
        except IntegrityError as e:
            raise Conflict(
                f"两家单位各有{model._meta.verbose_name}记录，不能并存于一家单位，无法合并。"
            ) from e
        moved[model._meta.label_lower] = (str(model._meta.verbose_name_plural), count)
    return moved


def _move_links(relation, duplicate: Employer, into: Employer) -> int:
    """A many-to-many list naming the duplicate names the kept one instead (once: a record that named both keeps
    one link). The number of records whose list changed."""
    through = relation.through
    source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
    links = through._base_manager.filter(**{target: duplicate})
    already = through._base_manager.filter(**{target: into}).values(source)
    count = links.count()
    links.filter(**{f"{source}__in": already}).delete()
    links.update(**{target: into})
    return count


def _fill_blanks(duplicate: Employer, into: Employer) -> list[str]:
    """Fill the kept employer's blank details from the duplicate; the names of the fields filled."""
    updates = {
        attname: getattr(duplicate, attname)
        for attname in FILLED
        if getattr(into, attname) in ("", None) and getattr(duplicate, attname) not in ("", None)
    }
    if "credit_code" in updates:  # unique: the duplicate gives its code up first
        Employer.objects.filter(pk=duplicate.pk).update(credit_code="")
    if updates:
        Employer.objects.filter(pk=into.pk).update(**updates)
    return [attname.removesuffix("_id") for attname in updates]
