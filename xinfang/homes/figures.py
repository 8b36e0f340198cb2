"""The workers' home ledger's figures (registered in ``contributions.py``, keys ``homes.<key>``) and its pass rate.

Counting (docs/figures.md, "Workers' homes"): the units inspected in a period are the *first* inspections (验收)
whose ``inspected_on`` lies in it, within the inspection scope rule; a re-inspection (复查) is never a second unit.
A unit passed when its chain's last result is 合格 (``status``), whenever the re-inspection happened: the figures
are a cohort of the period's first inspections, as the mediation ledger's 调解成功 is of its cases received.

    合格率 = 验收合格 ÷ 验收单位 (``pass_rate``; no units, no rate: "—")

So "验收合格职工之家1353家……合格率达80%" is ``homes.passed`` over ``homes.inspected`` for the year.
"""

from __future__ import annotations

from django.db.models import Count, Q

from xinfang.figures.registry import Figure, in_period
from xinfang.lib.rates import Rate

from .models import Inspection, Result

LEDGER = "homes"


# The inspections in the user's scope held in the period; the figures count the first ones among them.
inspected = in_period(Inspection, "inspected_on")


FIRST = Q(reinspection_of__isnull=True)  # in the aggregate, so that a list's totals count the same way


def _first(status: str | None = None) -> Count:
    return Count("pk", filter=FIRST if status is None else FIRST & Q(status=status))


FIGURES = [
    Figure(LEDGER, "inspected", "验收职工之家", "家", inspected, _first()),
    Figure(LEDGER, "passed", "验收合格", "家", inspected, _first(Result.PASSED)),
    Figure(LEDGER, "rectifying", "限期整改中", "家", inspected, _first(Result.RECTIFY)),
    Figure(LEDGER, "failed", "验收不合格", "家", inspected, _first(Result.FAILED)),
]


def pass_rate(values: dict) -> Rate:
    """合格率 from the figures' values (``passed`` ÷ ``inspected``)."""
    return Rate(values["passed"], values["inspected"])
