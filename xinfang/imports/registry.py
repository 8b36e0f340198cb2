"""The registry of import kinds: what can be imported from Excel, and how.

A kind is a plain declaration (``ImportKind``): its key (``employers``), its Chinese title, its columns, its
documented natural key, who may import it, and the functions that check a batch of rows (once per batch for
whatever touches the database: natural keys, records already on file) and save it through the kind's own actions.
One column list serves the import template, the ``--spec`` JSON, the export and, for a ledger, its list page: a
column knows its Chinese header, the field it fills, its type, whether it is required, the values it allows
(fixed, or a function of who imports: the organisations in scope) and how to read its value from a record.

The core kinds (``orgs``, ``employers``, ``persons``) are registered by this app; a ledger registers its own in
its ``contributions.py``, its save calling the ledger's registration action once per row (``rows.per_row``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from xinfang.accounts.models import User

    from .rows import ImportContext, Problems, Row


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"  # one of the column's labels (its stored value is accepted too)
    BOOLEAN = "boolean"  # 是 or 否
    ORGANISATION = "organisation"  # an organisation in scope, by name or by its code


TYPE_LABELS = {
    ColumnType.TEXT: "文字",
    ColumnType.INTEGER: "整数",
    ColumnType.DECIMAL: "数字",
    ColumnType.DATE: "日期（如 2026-06-10）",
    ColumnType.DATETIME: "日期时间（如 2026-06-10 09:30）",
    ColumnType.CHOICE: "从下拉列表中选择",
    ColumnType.BOOLEAN: "是 或 否",
    ColumnType.ORGANISATION: "组织名称或组织代码",
}

YES, NO = "是", "否"

Choices = Sequence[tuple[Any, str]]  # (the stored value, the label a cell holds)


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header of the template's column
    field: str  # the key the row's value is kept under (usually the model field)
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    # CHOICE: the (value, label) pairs, or a function of the import's context giving them (ORGANISATION: which of
    # the organisations in scope may be named; all of them when left empty).
    choices: Choices | Callable[[ImportContext], Choices] = ()
    help: str = ""  # what the explanation sheet says of it
    example: str = ""  # the template's example row
    read: Callable[[Any], Any] | None = (
        None  # the export's value of a record (default: the field, as labelled)
    )
    width: int = 16  # the column's width in the template and the export

    def options(self, ctx: ImportContext) -> list[tuple[Any, str]]:
        if self.type == ColumnType.BOOLEAN:
            return [(True, YES), (False, NO)]
        if self.type == ColumnType.ORGANISATION:
            return list(self.choices(ctx) if callable(self.choices) else ctx.org_choices())
        return list(self.choices(ctx) if callable(self.choices) else self.choices)

    def allowed(self, ctx: ImportContext) -> list[str] | None:
        """The labels a cell may hold, or None for a column that takes free input."""
        if self.type in (ColumnType.CHOICE, ColumnType.BOOLEAN, ColumnType.ORGANISATION):
            return list(dict.fromkeys(label for _, label in self.options(ctx)))
        return None

    def value_of(self, record: Any) -> Any:
        """The cell the export writes for ``record``: a label for a choice, 是/否, an organisation's name."""
        if self.read is not None:
            return self.read(record)
        value = getattr(record, self.field)
        if self.type == ColumnType.BOOLEAN:
            return YES if value else NO
        if self.type == ColumnType.ORGANISATION:
            return value.name if value is not None else ""
        if self.type == ColumnType.CHOICE and not callable(self.choices):
            return dict(self.choices).get(value, value or "")
        return value


BatchCheck = Callable[["list[Row]", "ImportContext", "Problems"], None]
BatchSave = Callable[["list[Row]", "ImportContext", "Problems"], None]


@dataclass(frozen=True)
class ImportKind:
    key: str  # "employers"
    title: str  # "用人单位"
    columns: tuple[Column, ...]
    natural_key: (
        str  # what makes a row the same record on a second import (Chinese: the explanation sheet says it)
    )
    # Checks a batch of rows (every row already read cell by cell): what touches the database runs once per batch.
    # Writes nothing; adds problems by field, and may note on a row what it matched on file (``row.found``).
    check: BatchCheck
    # Saves a checked batch without problems through the kind's actions, inside the import's one transaction;
    # counts what it did in ``ctx.counts``; a refused row is a problem (and the import then saves nothing).
    save: BatchSave
    may_import: Callable[[User], bool]  # who may import it on the page and through the API
    summary: Callable[[Counter[str]], str]  # the result in Chinese, from ``ctx.counts``
    # The kind's list as filtered by the list page's query string, for the export (None: nothing to export).
    records: Callable[[User, Mapping[str, str]], QuerySet[Any]] | None = None
    order: int = 100

    def column(self, field: str) -> Column | None:
        return next((c for c in self.columns if c.field == field), None)

    def header_of(self, field: str) -> str:
        column = self.column(field)
        return column.header if column else ""

    def spec(self, ctx: ImportContext) -> dict[str, Any]:
        """The columns as plain data (``import_template --spec``, the API): for other systems that fill files."""
        return {
            "kind": self.key,
            "title": self.title,
            "natural_key": self.natural_key,
            "columns": [
                {
                    "header": c.header,
                    "field": c.field,
                    "type": str(c.type),
                    "required": c.required,
                    "allowed": c.allowed(ctx),
                    "help": c.help,
                }
                for c in self.columns
            ],
        }


KINDS: list[ImportKind] = []


def register_import_kind(*kinds: ImportKind) -> None:
    """Add kinds (at start-up, from ``AppConfig.ready()`` or a ledger's ``contributions.py``). A key registered
    twice for two different kinds is refused."""
    for kind in kinds:
        existing = next((k for k in KINDS if k.key == kind.key), None)
        if existing is kind:
            continue
        if existing is not None:
            raise ValueError(f"import kind {kind.key!r} is already registered")
        KINDS.append(kind)


def import_kinds() -> list[ImportKind]:
    return sorted(KINDS, key=lambda k: (k.order, k.key))


def import_kind(key: str) -> ImportKind | None:
    return next((k for k in KINDS if k.key == key), None)
