"""What a kind's check and save functions are given: the rows of a batch, the import's context and the problems
found so far."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from xinfang.lib.exceptions import ActionError
from xinfang.orgs.models import Org

if TYPE_CHECKING:
    from xinfang.accounts.models import User

    from .registry import BatchSave, ImportKind

WHOLE_ROW = ""  # the column of a problem about a row as a whole


@dataclass
class Row:
    number: int  # the row's number on the sheet, as Excel shows it
    values: dict[str, Any]  # by field: the cell read as its column's type (None when empty or unreadable)
    cells: dict[str, str]  # by field: the cell as found, as text (for the problem list)
    bad: set[str] = field(default_factory=set)  # the fields with a problem
    found: Any = None  # what the kind's check matched on file, for its save

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)

    def good(self, name: str) -> bool:
        """The field was read without a problem and is not empty."""
        return name not in self.bad and self.values.get(name) not in (None, "")


@dataclass(frozen=True)
class Problem:
    row: int  # 0: the file as a whole
    column: str  # the column's header; "" for the row or the file as a whole
    message: str
    value: str = ""


class Problems:
    """The problems of one import, in Chinese, by row and column."""

    def __init__(self, kind: ImportKind) -> None:
        self.kind = kind
        self.found: list[Problem] = []

    def __len__(self) -> int:
        return len(self.found)

    def __bool__(self) -> bool:
        return bool(self.found)

    def add(self, row: Row, field: str, message: str, value: str | None = None) -> None:
        """A problem of ``row`` in the column of ``field`` (a field that is no column: the row as a whole)."""
        row.bad.add(field)
        header = self.kind.header_of(field)
        shown = row.cells.get(field, "") if value is None else value
        self.found.append(Problem(row.number, header, message, shown if header or value is not None else ""))

    def ordered(self) -> list[Problem]:
        """By row; within a row, the row's own problems first, then by column as the template orders them (a
        header the kind does not know last)."""
        position = {"": -1} | {c.header: i for i, c in enumerate(self.kind.columns)}
        return sorted(self.found, key=lambda p: (p.row, position.get(p.column, len(position))))

    def add_to_file(self, message: str, column: str = "", row: int = 0) -> None:
        self.found.append(Problem(row, column, message))

    def add_errors(self, row: Row, error: ValidationError | ActionError) -> None:
        """An action's refusal of a row: its messages by field become problems in those fields' columns."""
        if isinstance(error, ActionError):
            self.add(row, WHOLE_ROW, error.message)
        elif hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add(row, name if self.kind.column(name) else WHOLE_ROW, message)
        else:
            for message in error.messages:
                self.add(row, WHOLE_ROW, message)


@dataclass
class ImportContext:
    """Who imports, into which organisation, and what a kind keeps from one batch to the next."""

    user: User | None  # None: an operator at the command line (``import_records`` without --user), unscoped
    org: Org | None  # the organisation imported into: the default of a row's organisation
    state: dict[str, Any] = field(default_factory=dict)  # a kind's own: natural keys already seen in the file
    counts: Counter[str] = field(default_factory=Counter)  # what the save did, for the kind's summary

    @cached_property
    def orgs(self) -> list[Org]:
        """The organisations the import may name: the user's own and below it (every one, for an operator)."""
        qs = Org.objects.all() if self.user is None else Org.objects.visible_to(self.user)
        return list(qs.order_by("path"))

    def org_choices(self, keep: Callable[[Org], bool] = lambda org: True) -> list[tuple[Org, str]]:
        return [(org, org.name) for org in self.orgs if keep(org)]

    def seen(self, key: str) -> dict[Any, Any]:
        """A kind's record of values already met in the file (value → row number), kept across batches."""
        return self.state.setdefault(key, {})


def per_row(action: Callable[[Row, ImportContext], None]) -> BatchSave:
    """A kind's save that calls ``action`` (the kind's own registration action) once per row, each in a savepoint:
    a row the action refuses (``ValidationError`` by field, ``ActionError``) becomes a problem of that row, and the
    rest are still tried, so that every bad row is listed; the import then saves nothing."""

    def save(rows: list[Row], ctx: ImportContext, problems: Problems) -> None:
        for row in rows:
            try:
                with transaction.atomic():
                    action(row, ctx)
            except (ValidationError, ActionError) as error:
                problems.add_errors(row, error)

    return save
