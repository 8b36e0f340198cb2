"""The figures registry: the numbers each ledger reports (件, 人次, 宗, 元 …) over a period, within a user's scope.

A ledger registers its figures in its ``contributions.py`` (defined in its ``figures.py``). A figure counts or sums
over the ledger's records that the user may see (``visible_to``) and whose *domain* date (``received_at``,
``received_on``, ``asked_at`` …) lies in the period, never over event timestamps: steps entered afterwards and
demo histories carry the moment they were typed in, not the day the matter happened.

The home page shows the figures marked for it; a list page sums its own filtered records with ``totals``; the
statistics pages will build on the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Aggregate, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from xinfang.accounts.models import User

Number = int | Decimal


@dataclass(frozen=True)
class Period:
    """A range of days, both ends included."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def moments(self) -> tuple[datetime, datetime]:
        """The period as moments in the local time zone, from its first instant to (excluded) the day after it:
        for domain dates kept as datetimes."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tz),
        )


@dataclass(frozen=True)
class Figure:
    ledger: str  # the app label of the ledger
    key: str  # unique within the ledger
    title: str
    unit: str  # 件, 人次, 宗, 人, 元 …
    # The ledger's records within the user's scope whose domain date lies in the period. Figures of one ledger
    # share this function, so that they are computed together in one query.
    records: Callable[[User, Period], QuerySet]
    value: Aggregate  # what is counted or summed over them, e.g. Count("pk"), Sum("people_count")
    home: int = 0  # its place among the year's figures on the home page; 0: not shown there

    def compute(self, user: User, period: Period) -> Number:
        return totals(self.records(user, period), [self])[self.key]


def in_period(model, date_field: str) -> Callable[[User, Period], QuerySet]:
    """A figure's ``records``: the model's records in the user's scope (``visible_to``) whose domain date (a date
    field) lies in the period."""
    return lambda user, period: model.objects.visible_to(user).filter(
        **{f"{date_field}__range": (period.start, period.end)}
    )


FIGURES: list[Figure] = []


def register_figure(*figures: Figure) -> None:
    """Add figures to the registry; a figure registered again under its ledger and key replaces the earlier one."""
    for figure in figures:
        FIGURES[:] = [f for f in FIGURES if (f.ledger, f.key) != (figure.ledger, figure.key)]
        FIGURES.append(figure)


def figures(ledger: str | None = None) -> list[Figure]:
    """The registered figures, of one ledger or of all, in the order they were registered."""
    return [f for f in FIGURES if ledger is None or f.ledger == ledger]


def totals(records: QuerySet, figures: Iterable[Figure]) -> dict[str, Number]:
    """The figures' values over the given records (a period's, or a list's as filtered), by key, in one query.
    A sum over no records is 0."""
    values = records.aggregate(**{f.key: f.value for f in figures})
    return {key: value or 0 for key, value in values.items()}


def compute(figures: Iterable[Figure], *, user: User, period: Period) -> list[tuple[Figure, Number]]:
    """Each figure's value for the user's scope and the period: one query per ledger."""
    chosen = list(figures)
    groups: dict[Callable, list[Figure]] = {}
    for figure in chosen:
        groups.setdefault(figure.records, []).append(figure)
    values: dict[tuple[str, str], Number] = {}
    for records, group in groups.items():
        for key, value in totals(records(user, period), group).items():
            values[(group[0].ledger, key)] = value
    return [(f, values[(f.ledger, f.key)]) for f in chosen]
