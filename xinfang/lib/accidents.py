"""The grade of a work-safety accident (生产安全事故报告和调查处理条例 第三条).

Each grade has three thresholds: deaths, people seriously injured (including acute industrial poisoning) and direct
economic loss. "以上" includes the number and "以下" excludes it, so a threshold is reached at exactly its number:

| grade | deaths | seriously injured | direct loss |
|---|---|---|---|
| 特别重大事故 | 30 or more | 100 or more | 1亿元 or more |
| 重大事故 | 10 to 29 | 50 to 99 | 5000万元 to under 1亿元 |
| 较大事故 | 3 to 9 | 10 to 49 | 1000万元 to under 5000万元 |
| 一般事故 | under 3 | under 10 | under 1000万元 |

The grade is the highest that any of the three reaches (3 deaths make a 较大事故 whatever the loss). The loss is in
元, as a Decimal or an int.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class AccidentGrade(StrEnum):
    ORDINARY = "ordinary"
    LARGER = "larger"
    MAJOR = "major"
    ESPECIALLY_MAJOR = "especially_major"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AccidentGrade.ORDINARY: "一般事故",
    AccidentGrade.LARGER: "较大事故",
    AccidentGrade.MAJOR: "重大事故",
    AccidentGrade.ESPECIALLY_MAJOR: "特别重大事故",
}

# The lowest figures of each grade above 一般: (grade, deaths, seriously injured, direct loss in 元), highest first.
THRESHOLDS: tuple[tuple[AccidentGrade, int, int, Decimal], ...] = (
    (AccidentGrade.ESPECIALLY_MAJOR, 30, 100, Decimal(100_000_000)),
    (AccidentGrade.MAJOR, 10, 50, Decimal(50_000_000)),
    (AccidentGrade.LARGER, 3, 10, Decimal(10_000_000)),
)


def accident_grade(*, deaths: int, serious_injuries: int, direct_loss: Decimal | int) -> AccidentGrade:
    """The grade of an accident from its deaths, seriously injured and direct economic loss in 元."""
    if isinstance(direct_loss, float):
        raise TypeError("直接经济损失须为 Decimal（元），不能是浮点数。")
    for label, value in (("死亡人数", deaths), ("重伤人数", serious_injuries), ("直接经济损失", direct_loss)):
        if value < 0:
            raise ValueError(f"{label}不能为负数。")
    for grade, min_deaths, min_injuries, min_loss in THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_injuries or direct_loss >= min_loss:
            return grade
    return AccidentGrade.ORDINARY
