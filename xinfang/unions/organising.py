"""What organisers work from: the 第十一条 working list and the founding and membership rates.

第十一条: an employer with 25 or more members must set up its own grassroots committee. The data that says an
employer falls short:

- **covered, short of a committee**: an employer covered (open coverage) by a joint grassroots union or a regional /
  industry federation, whose own member count on that coverage (``Coverage.members``) has reached the threshold;
  an employer covered by a single-employer union has its committee;
- **no union**: an active employer of the registry with no open coverage and not marked 已建工会 in the registry,
  largest first (the registry's 职工人数); those at or above the threshold are marked 应建会;
- **registry says union, ledger has none**: marked 已建工会 in the registry but not covered in this ledger: a union
  to be recorded (or a registry entry to correct).

The threshold and the rates' denominators are settings (``settings.UNIONS``, docs/ledgers.md):

- founding rate (建会率) = employers of the base with an open coverage ÷ employers of the base, where the base is
  ``FOUNDING_BASE``: ``"obligated"`` (active employers with at least ``OBLIGATION_MEMBERS`` workers on the
  registry) or ``"registry"`` (every active employer);
- membership rate (入会率) = members ÷ workers, by ``MEMBERSHIP_BASE``: ``"unions"`` (the latest head counts of the
  active unions) or ``"coverage"`` (the counts of the open coverages that have both).

Scope: the unions and coverages of the user's scope (``GrassrootsUnion.objects.visible_to``); employers of the
registry filed under the user's organisation or below it (the district federation: every employer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from xinfang.lib.rates import Rate
from xinfang.orgs.models import Employer, OrgKind

from .models import Coverage, GrassrootsUnion, UnionKind, UnionStatus

DEFAULTS = {"OBLIGATION_MEMBERS": 25, "FOUNDING_BASE": "obligated", "MEMBERSHIP_BASE": "unions"}


def setting(name: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "UNIONS", {})}[name]


def threshold() -> int:
    return int(setting("OBLIGATION_MEMBERS"))


def employers_in_scope(user) -> QuerySet[Employer]:
    """Active employers of the registry filed under the user's organisation or below it (the federation: all)."""
    org = user.org if user.is_authenticated else None
    if org is None:
        return Employer.objects.none()
    qs = Employer.objects.visible_to(user).active()
    if org.kind == OrgKind.FEDERATION and org.parent_id is None:
        return qs
    return qs.filter(org__path__gte=org.path, org__path__lt=_upper(org.path))


def _upper(path: str) -> str:
    return str(int(path) + 1).zfill(len(path))


def open_coverages(user) -> QuerySet[Coverage]:
    return Coverage.objects.filter(
        end_on__isnull=True, union__in=GrassrootsUnion.objects.visible_to(user).values("pk")
    )


def short_of_committee(user) -> QuerySet[Coverage]:
    """Covered employers at or above the threshold whose union is not their own committee."""
    return (
        open_coverages(user)
        .exclude(union__kind=UnionKind.SINGLE)
        .filter(members__gte=threshold())
        .select_related("union", "employer")
        .order_by("-members", "-pk")
    )


def _covered() -> Exists:
    return Exists(Coverage.objects.filter(employer=OuterRef("pk"), end_on__isnull=True))


def without_union(user) -> QuerySet[Employer]:
    """Employers with no union at all: not covered, not marked 已建工会 on the registry."""
    return employers_in_scope(user).filter(~_covered(), has_union=False)


def unrecorded(user) -> QuerySet[Employer]:
    """Marked 已建工会 on the registry, but no coverage in this ledger."""
    return employers_in_scope(user).filter(~_covered(), has_union=True)


@dataclass(frozen=True)
class Rates:
    founding: Rate
    membership: Rate
    founding_base: str
    membership_base: str


FOUNDING_BASES = {"obligated": "职工{n}人以上的在册单位", "registry": "全部在册单位"}
MEMBERSHIP_BASES = {"unions": "各基层工会最近统计的职工人数", "coverage": "覆盖单位登记的职工人数"}


def rates(user) -> Rates:
    """The founding and membership rates of the user's scope, with the base each divides by (two queries)."""
    base = employers_in_scope(user)
    founding_base = setting("FOUNDING_BASE")
    if founding_base == "obligated":
        base = base.filter(employees__gte=threshold())
    counts = base.aggregate(all=_count(), covered=_count(Q(_covered())))
    membership_base = setting("MEMBERSHIP_BASE")
    if membership_base == "coverage":
        sums = (
            open_coverages(user)
            .filter(members__isnull=False, workers__isnull=False)
            .aggregate(members=Sum("members"), workers=Sum("workers"))
        )
    else:
        sums = (
            GrassrootsUnion.objects.visible_to(user)
            .filter(status=UnionStatus.ACTIVE)
            .aggregate(members=Sum("members"), workers=Sum("workers"))
        )
    return Rates(
        founding=Rate(counts["covered"] or 0, counts["all"] or 0),
        membership=Rate(sums["members"] or 0, sums["workers"] or 0),
        founding_base=FOUNDING_BASES[founding_base].format(n=threshold()),
        membership_base=MEMBERSHIP_BASES[membership_base],
    )


def _count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition) if condition is not None else Count("pk")
