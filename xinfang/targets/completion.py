"""Completion of the yearly targets: each committee's done figure against its target, in the report's words
(``lib/targets.py``: "完成任务的121.2%", "超额完成10多倍", "无任务数").

A target names a figure of the figures registry by ``"<ledger>.<key>"``. Its done figure for a committee is the
figure over the records of the user's scope that are owned by the committee or below it, in the year: so a figure
that carries a target must count records with the scope columns of ``orgs.scoping.OrgScoped`` (every ledger's
records have them). One query per figure group (a ledger's records function), grouped by committee.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from xinfang.figures.registry import Figure, Number, Period, figures
from xinfang.lib.rates import Rate
from xinfang.lib.targets import completion_rate, completion_text
from xinfang.orgs.models import MAX_SCOPE_DEPTH, Org, OrgKind

from .models import Target

# The indicators the target table offers as its columns, in this order (each shown when its figure is registered;
# contracts and homes register theirs under these keys). A figure with a target already set is shown too.
DEFAULT_FIGURES = ["unions.founded", "unions.enrolled", "contracts.signed", "homes.passed"]


def figure_key(figure: Figure) -> str:
    return f"{figure.ledger}.{figure.key}"


def figure_by_key() -> dict[str, Figure]:
    return {figure_key(f): f for f in figures()}


def indicators(year: int | None = None, org: Org | None = None) -> list[Figure]:
    """The columns of the target table: the configured figures that are registered, then any other figure that
    already has a target in the year."""
    known = figure_by_key()
    keys = list(getattr(settings, "TARGET_FIGURES", DEFAULT_FIGURES))
    if year is not None:
        qs = Target.objects.filter(year=year)
        if org is not None:
            qs = qs.filter(org__in=Org.objects.subtree(org).values("pk"))
        keys += sorted(set(qs.values_list("figure", flat=True)) - set(keys))
    return [known[k] for k in keys if k in known]


def committees_of(org: Org) -> list[Org]:
    """The units a federation (or a committee) gives targets to: its active child committees."""
    return list(Org.objects.filter(parent=org, kind=OrgKind.COMMITTEE, is_active=True).order_by("path"))


@dataclass(frozen=True)
class Cell:
    figure: Figure
    target: int | None
    done: Number

    @property
    def text(self) -> str:
        """The report's wording; a cell without a target says so."""
        if self.target is None:
            return "未下达"
        return completion_text(done=int(self.done), target=self.target)

    @property
    def rate(self) -> Rate | None:
        return None if self.target is None else completion_rate(done=int(self.done), target=self.target)


def done_by_org(
    figure_list: Iterable[Figure], *, user, orgs: list[Org], period: Period
) -> dict[tuple[int, str], Number]:
    """Each figure's value for each organisation (its subtree), within the user's scope: one query per figure
    group and tree depth."""
    chosen = list(figure_list)
    values: dict[tuple[int, str], Number] = {}
    groups: dict[object, list[Figure]] = {}
    for figure in chosen:
        groups.setdefault(figure.records, []).append(figure)
    by_depth: dict[int, list[Org]] = {}
    for org in orgs:
        by_depth.setdefault(org.depth, []).append(org)
    for records, group in groups.items():
        for depth, level_orgs in by_depth.items():
            if depth > MAX_SCOPE_DEPTH:
                raise ValueError("任务数只能下达到组织树的前四级。")
            column = f"org_level{depth}"
            rows = (
                records(user, period)  # type: ignore[operator]
                .filter(**{f"{column}__in": [o.pk for o in level_orgs]})
                .order_by()
                .values(column)
                .annotate(**{f.key: f.value for f in group})
            )
            for row in rows:
                for f in group:
                    values[(row[column], figure_key(f))] = row[f.key] or 0
    return values


def table(*, user, org: Org, year: int) -> tuple[list[Figure], list[tuple[Org, list[Cell]]], list[Cell]]:
    """The completion table of ``org``'s committees for the year: the indicators, one row per committee and the
    total row (targets summed, done figures of the whole scope)."""
    columns = indicators(year, org)
    units = committees_of(org)
    targets = {
        (t.org_id, t.figure): t.value
        for t in Target.objects.filter(year=year, org__in=[u.pk for u in units] + [org.pk])
    }
    done = done_by_org(columns, user=user, orgs=[*units, org], period=Period.year(year))
    rows = [
        (
            unit,
            [
                Cell(f, targets.get((unit.pk, figure_key(f))), done.get((unit.pk, figure_key(f)), 0))
                for f in columns
            ],
        )
        for unit in units
    ]
    total = []
    for f in columns:
        key = figure_key(f)
        own = targets.get((org.pk, key))
        given = [targets[(u.pk, key)] for u in units if (u.pk, key) in targets]
        target = own if own is not None else (sum(given) if given else None)
        total.append(Cell(f, target, done.get((org.pk, key), 0)))
    return columns, rows, total
