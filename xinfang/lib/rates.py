"""Rates and shares as reports state them (GB/T 15835): kept as exact fractions, written with one decimal.

A ``Rate`` is a numerator over a denominator (a part of a whole, done of a target, passed of inspected). It keeps
both counts, so a report can say what it divided, and it is rounded only when it is written, half up
(42.5% is 17 of 40, whatever was printed before). A rate over a denominator of zero has no value: it is written
"—", never a division error and never 0%. A change of a rate is written in 百分点 (percentage points), from the
exact rates, rounded once.

Nothing here is a float: counts are ints, amounts Decimal, quotients Fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

NO_RATE = "—"

Exact = int | Decimal | Fraction


def exact(value: Exact) -> Fraction:
    """The value as a Fraction, exactly; a float is refused (it is never exact)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(f"需要整数、Decimal 或 Fraction，得到 {type(value).__name__}")
    return Fraction(value)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero (Decimal's ROUND_HALF_UP), exactly."""
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def percent_text(value: Fraction | None) -> str:
    """A quotient as a percentage with one decimal: Fraction(17, 40) -> "42.5%"; None -> "—"."""
    if value is None:
        return NO_RATE
    return f"{round_half_up(value * 100, 1)}%"


@dataclass(frozen=True)
class Rate:
    """``numerator`` ÷ ``denominator``; both non-negative."""

    numerator: Exact
    denominator: Exact

    def __post_init__(self) -> None:
        if exact(self.numerator) < 0 or exact(self.denominator) < 0:
            raise ValueError("比率的分子和分母不能为负数。")

    @property
    def value(self) -> Fraction | None:
        """The exact quotient, or None when the denominator is zero (no rate)."""
        denominator = exact(self.denominator)
        return exact(self.numerator) / denominator if denominator else None

    @property
    def percent(self) -> Decimal | None:
        """The percentage as written: one decimal, half up (Decimal("42.5")), or None."""
        value = self.value
        return None if value is None else round_half_up(value * 100, 1)

    def __str__(self) -> str:
        return percent_text(self.value)

    def stated(self) -> str:
        """The percentage with the counts it comes from: "42.5%（17/40）"; "—（0/0）" without a rate."""
        return f"{self}（{self.numerator}/{self.denominator}）"


def share(parts: list[int] | tuple[int, ...], whole: int) -> Rate:
    """The share of the sum of the counts ``parts`` in ``whole`` (14 + 3 regional and industry contracts of 40);
    the parts cannot add up to more than the whole."""
    numerator = sum(parts)
    if numerator > whole:
        raise ValueError(f"部分之和（{numerator}）不能大于总数（{whole}）。")
    return Rate(numerator, whole)


def points_change(before: Rate, after: Rate) -> Decimal | None:
    """The change from ``before`` to ``after`` in percentage points, one decimal, from the exact rates (so it may
    differ by 0.1 from the difference of the two rounded rates); None when either has no rate."""
    if before.value is None or after.value is None:
        return None
    return round_half_up((after.value - before.value) * 100, 1)


def points_change_text(before: Rate, after: Rate) -> str:
    """The change in words: 提高1.2个百分点, 下降0.4个百分点, 持平 (the written change is 0.0), or — without a rate."""
    change = points_change(before, after)
    if change is None:
        return NO_RATE
    if change > 0:
        return f"提高{change}个百分点"
    if change < 0:
        return f"下降{-change}个百分点"
    return "持平"
