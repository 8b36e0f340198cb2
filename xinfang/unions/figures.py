"""The unions ledger's figures (registered in ``contributions.py``), within the unions scope rule, by domain dates:
unions founded by ``founded_on``, unions transferred in by ``transferred_on`` (counted apart), member batches by
``on``. Yearly targets (``xinfang.targets``) refer to them by key (``unions.founded``, ``unions.enrolled``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, Period

from .models import BatchKind, GrassrootsUnion, MemberBatch, Origin

if TYPE_CHECKING:
    from xinfang.accounts.models import User

LEDGER = "unions"


def founded(user: User, period: Period):
    """Unions founded (新建) in the period, in the user's scope."""
    return GrassrootsUnion.objects.visible_to(user).filter(
        origin=Origin.FOUNDED, founded_on__gte=period.start, founded_on__lte=period.end
    )


def transferred_in(user: User, period: Period):
    """Unions whose organisational relations were transferred in during the period."""
    return GrassrootsUnion.objects.visible_to(user).filter(
        origin=Origin.TRANSFERRED_IN, transferred_on__gte=period.start, transferred_on__lte=period.end
    )


def batches(user: User, period: Period):
    """Member batches (enrolments and transfers out) dated in the period."""
    return MemberBatch.objects.visible_to(user).filter(on__gte=period.start, on__lte=period.end)


ENROLMENT = Q(kind=BatchKind.ENROLMENT)

FIGURES = [
    Figure(LEDGER, "founded", "工会组建", "家", founded, Count("pk"), home=60),
    Figure(LEDGER, "transferred_in", "工会组织关系转入", "家", transferred_in, Count("pk")),
    Figure(LEDGER, "enrolled", "发展会员", "人", batches, Sum("count", filter=ENROLMENT), home=61),
    Figure(
        LEDGER, "enrolled_migrant", "其中农民工会员", "人", batches, Sum("migrant_workers", filter=ENROLMENT)
    ),
    Figure(LEDGER, "enrolled_women", "其中女会员", "人", batches, Sum("women", filter=ENROLMENT)),
    Figure(
        LEDGER,
        "transferred_out",
        "会员转出",
        "人",
        batches,
        Sum("count", filter=Q(kind=BatchKind.TRANSFER_OUT)),
    ),
]
