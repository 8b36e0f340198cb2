"""The ledger kit's registry: a simple ledger is a declaration (``Ledger``), and the kit gives it its pages, its
Excel export and import, its API, its menu entry, its demo part and its place in ``make bench``
(docs/architecture.md, "Add a simple ledger"). The kit names no ledger: a ledger registers its declaration in its
``contributions.py`` with ``register_ledger``; the URL and API roots iterate ``ledgers()``."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import models
from ninja import Schema
from pydantic import BaseModel

from xinfang.accounts.abilities import STAFF, Ability, register_abilities
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.figures.registry import Figure, register_figure
from xinfang.imports.registry import Column, register_import_kind
from xinfang.lib.fielderrors import FieldErrors
from xinfang.ops.demo import DemoPart, register_demo_part

from . import standard
from .columns import ledger_form
from .forms import LedgerForm
from .importing import import_kind_for
from .inputs import model_input

if TYPE_CHECKING:
    from django.http import HttpResponse

    from xinfang.orgs.models import Org

    from .filters import LedgerFilterSet

View = Callable[..., "HttpResponse"]


# A part of the declaration the kit derives when the ledger leaves it out (``Ledger.__post_init__``).
DERIVED: Any = None


@dataclass(frozen=True)
class Ledger:
    """One simple ledger, as data. Required: what the record is, how it is filtered and shown; everything else has
    a default that a ledger overrides where it needs more. Left out, the input, the form and the create, update
    and check actions come from the model and the columns (``inputs.model_input``, ``columns.ledger_form``,
    ``standard``), the ability is ``<key>.record`` for staff (登记、修改和导入<title>)."""

    key: str  # "congresses": the URL prefix and namespace, the import kind, the API path, the figures' ledger
    title: str  # "职代会台账": the list page's heading, the import kind's title
    noun: str  # "职代会": one record, in messages (该职代会已被他人修改……) and buttons (登记职代会)
    model: type[
        models.Model
    ]  # a ``LedgerRecord`` whose manager has ``visible_to(user)`` and whose events exist
    date_field: str  # the domain date: newest first, the keyset of the list, the index (org_level<d>, it, id)
    columns: tuple[Column, ...]  # the one column list: import template, export, list page, detail page
    filterset: type[LedgerFilterSet]  # filters of the list page, the export and the API list
    # The typed input of both actions (with ``version: int | None``), the API body; default: ``model_input`` of
    # the columns that are model fields.
    input: type[BaseModel] = DERIVED
    form: type[LedgerForm] = DERIVED  # the HTML side of ``input``; takes ``user=``; default: ``ledger_form``
    create: Callable[..., Any] = DERIVED  # ``create(*, by, data, imported=False)`` → the new record
    update: Callable[..., Any] = DERIVED  # ``update(*, <model_name>, by, data)`` → the record
    # ``validate(*, by, data)``: the create action's checks, saving nothing (raises its ``ValidationError``); the
    # import's check runs it on every row, so a file's problems are all listed before a commit is offered
    validate: Callable[..., Any] | None = None
    # The model fields of the natural key (a row matching a record on file is skipped) and, in Chinese, what makes
    # an imported row the same record (the template's explanation); default: the model's unique constraint and
    # its fields' names (召开工会和召开日期).
    key_fields: tuple[str, ...] = ()
    natural_key: str = ""
    ability: str = ""  # who may enter, edit and import (``user.can``); default ``<key>.record``
    # The kit's actions: the ledger's own rules over the values to save (``org`` and many-to-many lists
    # resolved), adding to the errors; the 登记 event's summary from them (default: the record as text); the
    # dates that may lie ahead.
    check: Callable[[dict[str, Any], FieldErrors], None] | None = None
    summary: Callable[[dict[str, Any]], str] | None = None
    ahead: tuple[str, ...] = ()
    menu_order: int = 60
    menu_group: str = ""  # the drop-down menu it is listed in (accounts.navigation.UNION_WORK …), or none
    list_columns: tuple[str, ...] = ()  # the fields of the columns the list shows (default: every column)
    list_related: tuple[str, ...] = ()  # foreign keys the list joins (``select_related``), e.g. ("org",)
    prefetch: tuple[str, ...] = ()  # many-to-many read by the detail, the export and the API (one query each)
    # The base of the API's record schema, for what the columns do not give (a list kept in a table of the
    # ledger's own), each field with its ninja resolver; ``api_prefetch``: the relations those resolvers read.
    api_out: type[Schema] | None = None
    api_prefetch: tuple[str, ...] = ()
    totals: tuple[Figure, ...] = ()  # its figures (registered with it), summed over the filtered list (合计)
    abilities: tuple[Ability, ...] = ()  # its abilities (registered with it)
    initial: Callable[[Any], dict[str, Any]] | None = None  # the edit form's values (default: by form field)
    import_data: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None  # a row's values → input data
    demo: Callable[[Org, random.Random, int], str] | None = None  # builds up to N records (bulk), idempotent
    demo_rows: int = 2000  # how many records ``demo_data`` builds; ``ledger_bench_rows`` asks for more
    views: Mapping[str, View] = field(
        default_factory=dict
    )  # replace a page: "list", "create", "edit", "detail"
    templates: Mapping[str, str] = field(default_factory=dict)  # replace a template: "list", "form", "detail"
    order: int = 100

    def __post_init__(self) -> None:
        derived: dict[str, Any] = {}
        if not self.ability:
            derived["ability"] = f"{self.key}.record"
            if not self.abilities:
                derived["abilities"] = (Ability(derived["ability"], STAFF, f"登记、修改和导入{self.title}"),)
        keys = self.key_fields
        if not keys:
            unique = [c for c in self.model._meta.constraints if isinstance(c, models.UniqueConstraint)]
            assert len(unique) == 1, f"{self.key}: name key_fields, or give its model one unique constraint"
            keys = derived["key_fields"] = tuple(unique[0].fields)
        if not self.natural_key:
            names = [str(getattr(self.model._meta.get_field(n), "verbose_name", n)) for n in keys]
            derived["natural_key"] = "和".join(
                ["、".join(names[:-1]), names[-1]] if len(names) > 1 else names
            )
        fields = [c.field for c in self.columns if c.field in {f.name for f in self.model._meta.get_fields()}]
        if self.input is None:
            derived["input"] = model_input(self.model, *fields)
        if self.form is None:
            derived["form"] = ledger_form(self.model, *(f for f in fields if f != "org"))
        if self.create is None:
            derived["create"] = partial(standard.create, self)
            derived["update"] = self.update or partial(standard.update, self)
            derived["validate"] = self.validate or partial(standard.check, self)
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def record_name(self) -> str:
        """The keyword the update action takes the record under (``congress``)."""
        return self.model._meta.model_name or "record"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    def column_or_none(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)

    def shown_columns(self) -> list[Column]:
        return [self.column(n) for n in self.list_columns] if self.list_columns else list(self.columns)

    def template(self, page: str) -> str:
        return self.templates.get(page, f"ledgerkit/{page}.html")


LEDGERS: list[Ledger] = []


def register_ledger(ledger: Ledger) -> None:
    """Register a ledger (from its ``contributions.py``): its abilities, figures (``totals``), menu entry, import
    kind and demo part are registered with it; its pages and API come from ``ledgerkit.urls`` and ``ledgerkit.api``."""
    if any(existing.key == ledger.key for existing in LEDGERS):
        raise ValueError(f"ledger {ledger.key!r} is registered twice")
    LEDGERS.append(ledger)
    register_abilities(*ledger.abilities)
    register_figure(*ledger.totals)
    register_menu_entry(
        MenuEntry(ledger.noun, f"{ledger.key}:list", ledger.menu_order, group=ledger.menu_group)
    )
    register_import_kind(import_kind_for(ledger))
    if ledger.demo is not None:
        build = ledger.demo
        register_demo_part(
            DemoPart(ledger.key, 40 + ledger.order, lambda fed, rng, opts: build(fed, rng, ledger.demo_rows))
        )


def ledgers() -> list[Ledger]:
    return sorted(LEDGERS, key=lambda item: (item.order, item.key))


def ledger(key: str) -> Ledger | None:
    return next((item for item in LEDGERS if item.key == key), None)
