"""The class of a worker's hardship file (困难职工建档): 深度困难, 相对困难 or 意外致困, from figures of the household.

- 深度困难 (deep): the monthly income per person after rigid expenses is below ``deep_multiple`` × the local
  minimum living standard (低保标准; default 1 ×).
- 相对困难 (relative): it is at least that but below ``relative_multiple`` × the standard (default 2 ×).
- 意外致困 (accident-caused): the hardship costs of the year (illness, accident, disaster …) are above
  ``accident_share`` of the family's annual income (default 80%); costs of exactly that share are not above it.

"Below" and "above" are strict: an income of exactly the standard is not 深度困难. The income bands exclude each
other; the costs test stands on its own, so a household may meet two classes. Its file takes the first it meets in
the order 深度困难, 相对困难, 意外致困 (``kind``); ``met`` lists all of them. The thresholds are parameters because
they are local policies. Every comparison is exact (Decimal and Fraction, never float).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from xinfang.lib.rates import Exact, exact


class HardshipKind(StrEnum):
    DEEP = "deep"
    RELATIVE = "relative"
    ACCIDENT = "accident"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    HardshipKind.DEEP: "深度困难",
    HardshipKind.RELATIVE: "相对困难",
    HardshipKind.ACCIDENT: "意外致困",
}


@dataclass(frozen=True)
class HardshipThresholds:
    deep_multiple: Decimal = Decimal(1)
    relative_multiple: Decimal = Decimal(2)
    accident_share: Decimal = Decimal("0.8")

    def __post_init__(self) -> None:
        if not 0 < self.deep_multiple <= self.relative_multiple:
            raise ValueError("困难标准倍数须大于0，且相对困难的倍数不小于深度困难的倍数。")
        if self.accident_share <= 0:
            raise ValueError("意外致困的支出比例须大于0。")


@dataclass(frozen=True)
class HardshipAssessment:
    kind: HardshipKind | None  # the class of the file, None when the household meets none
    met: tuple[HardshipKind, ...]


def monthly_income_per_person(
    *, annual_family_income: Exact, annual_rigid_expenses: Exact, household_size: int
) -> Fraction:
    """(annual family income − annual rigid expenses) ÷ 12 ÷ household size, exact; negative when the rigid
    expenses exceed the income."""
    if household_size < 1:
        raise ValueError(f"家庭人口须至少为1人（现为{household_size}）。")
    return (exact(annual_family_income) - exact(annual_rigid_expenses)) / (12 * household_size)


def assess_hardship(
    *,
    monthly_income_per_person: Exact,
    minimum_living_standard: Exact,
    hardship_costs: Exact,
    annual_family_income: Exact,
    thresholds: HardshipThresholds = HardshipThresholds(),
) -> HardshipAssessment:
    """Which classes the household meets (see the module's docstring)."""
    income, standard = exact(monthly_income_per_person), exact(minimum_living_standard)
    costs, family_income = exact(hardship_costs), exact(annual_family_income)
    if standard <= 0:
        raise ValueError("当地最低生活保障标准须大于0。")
    if costs < 0:
        raise ValueError("困难支出不能为负数。")
    if family_income < 0:
        raise ValueError("家庭年收入不能为负数。")
    met: list[HardshipKind] = []
    if income < standard * exact(thresholds.deep_multiple):
        met.append(HardshipKind.DEEP)
    elif income < standard * exact(thresholds.relative_multiple):
        met.append(HardshipKind.RELATIVE)
    if costs > family_income * exact(thresholds.accident_share):
        met.append(HardshipKind.ACCIDENT)
    return HardshipAssessment(kind=met[0] if met else None, met=tuple(met))
