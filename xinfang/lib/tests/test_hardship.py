from decimal import Decimal
from fractions import Fraction

import pytest

from xinfang.lib.hardship import (
    HardshipKind,
    HardshipThresholds,
    assess_hardship,
    monthly_income_per_person,
)

DEEP, RELATIVE, ACCIDENT = HardshipKind.DEEP, HardshipKind.RELATIVE, HardshipKind.ACCIDENT
STANDARD = Decimal("1000")  # a local minimum living standard, 元 per person and month


def _assess(income, costs=Decimal(0), family_income=Decimal(60000), **thresholds):
    return assess_hardship(
        monthly_income_per_person=Decimal(income),
        minimum_living_standard=STANDARD,
        hardship_costs=Decimal(costs),
        annual_family_income=Decimal(family_income),
        thresholds=HardshipThresholds(**thresholds),
    )


@pytest.mark.parametrize(
    ("income", "kind"),
    [
        ("-200", DEEP),  # rigid expenses above the income
        ("0", DEEP),
        ("999.99", DEEP),
        ("1000", RELATIVE),  # exactly the standard is not below it
        ("1999.99", RELATIVE),
        ("2000", None),  # exactly twice is not below twice
        ("3500", None),
    ],
)
def test_income_bands_against_the_minimum_living_standard(income, kind):
    assert _assess(income).kind == kind


@pytest.mark.parametrize(
    ("costs", "family_income", "accident"),
    [
        ("48000", "60000", False),  # exactly 80%: not above it
        ("48000.01", "60000", True),
        ("0", "0", False),
        ("1", "0", True),  # any cost above nothing
    ],
)
def test_hardship_costs_above_eighty_percent_of_family_income(costs, family_income, accident):
    result = _assess("5000", costs, family_income)
    assert result.met == ((ACCIDENT,) if accident else ())
    assert result.kind == (ACCIDENT if accident else None)


def test_a_household_meeting_two_classes_is_filed_under_the_first():
    result = _assess("500", costs="50000", family_income="60000")
    assert result.met == (DEEP, ACCIDENT)
    assert result.kind == DEEP
    assert _assess("1500", costs="50000", family_income="60000").met == (RELATIVE, ACCIDENT)


def test_thresholds_are_parameters():
    assert _assess("1600", relative_multiple=Decimal("1.5")).kind is None
    assert _assess("1100", deep_multiple=Decimal("1.2")).kind == DEEP
    assert (
        _assess("5000", costs="40000", family_income="60000", accident_share=Decimal("0.6")).kind == ACCIDENT
    )
    assert _assess("5000", costs="36000", family_income="60000", accident_share=Decimal("0.6")).kind is None


def test_income_per_person_is_exact():
    # (60000 − 24000) ÷ 12 ÷ 7 = 428.571…: not rounded before it is compared.
    income = monthly_income_per_person(
        annual_family_income=60000, annual_rigid_expenses=24000, household_size=7
    )
    assert income == Fraction(3000, 7)
    below = assess_hardship(
        monthly_income_per_person=income,
        minimum_living_standard=Decimal("428.58"),
        hardship_costs=0,
        annual_family_income=60000,
    )
    not_below = assess_hardship(
        monthly_income_per_person=income,
        minimum_living_standard=Decimal("428.57"),
        hardship_costs=0,
        annual_family_income=60000,
    )
    assert (below.kind, not_below.kind) == (DEEP, RELATIVE)


def test_labels_are_chinese():
    assert [k.label for k in HardshipKind] == ["深度困难", "相对困难", "意外致困"]


def test_impossible_figures_are_refused():
    with pytest.raises(ValueError, match="家庭人口须至少为1人"):
        monthly_income_per_person(annual_family_income=1, annual_rigid_expenses=0, household_size=0)
    with pytest.raises(ValueError, match="最低生活保障标准须大于0"):
        assess_hardship(
            monthly_income_per_person=0, minimum_living_standard=0, hardship_costs=0, annual_family_income=0
        )
    with pytest.raises(ValueError, match="相对困难的倍数不小于深度困难的倍数"):
        HardshipThresholds(deep_multiple=Decimal(2), relative_multiple=Decimal(1))
    with pytest.raises(TypeError):
        assess_hardship(
            monthly_income_per_person=999.5,  # type: ignore[arg-type]
            minimum_living_standard=STANDARD,
            hardship_costs=0,
            annual_family_income=0,
        )
