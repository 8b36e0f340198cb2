from decimal import Decimal

import pytest

from xinfang.lib.accidents import AccidentGrade, accident_grade

ORDINARY, LARGER, MAJOR, GRAVEST = (
    AccidentGrade.ORDINARY,
    AccidentGrade.LARGER,
    AccidentGrade.MAJOR,
    AccidentGrade.ESPECIALLY_MAJOR,
)


def _grade(deaths=0, injuries=0, loss=Decimal(0)):
    return accident_grade(deaths=deaths, serious_injuries=injuries, direct_loss=loss)


@pytest.mark.parametrize(
    ("deaths", "grade"),
    [(0, ORDINARY), (2, ORDINARY), (3, LARGER), (9, LARGER), (10, MAJOR), (29, MAJOR), (30, GRAVEST)],
)
def test_deaths_reach_a_grade_at_exactly_its_number(deaths, grade):
    assert _grade(deaths=deaths) == grade


@pytest.mark.parametrize(
    ("injuries", "grade"),
    [(9, ORDINARY), (10, LARGER), (49, LARGER), (50, MAJOR), (99, MAJOR), (100, GRAVEST)],
)
def test_serious_injuries_reach_a_grade_at_exactly_its_number(injuries, grade):
    assert _grade(injuries=injuries) == grade


@pytest.mark.parametrize(
    ("loss", "grade"),
    [
        ("9999999.99", ORDINARY),
        ("10000000", LARGER),
        ("49999999.99", LARGER),
        ("50000000.00", MAJOR),
        ("99999999.99", MAJOR),
        ("100000000", GRAVEST),
    ],
)
def test_direct_loss_reaches_a_grade_at_exactly_its_amount(loss, grade):
    assert _grade(loss=Decimal(loss)) == grade


def test_the_grade_is_the_highest_any_figure_reaches():
    assert _grade(deaths=1, injuries=0, loss=Decimal(100_000_000)) == GRAVEST
    assert _grade(deaths=10, injuries=60, loss=Decimal(0)) == MAJOR
    assert _grade(deaths=3, injuries=9, loss=Decimal("9999999.99")) == LARGER
    assert _grade(deaths=2, injuries=9, loss=Decimal("9999999.99")) == ORDINARY


def test_grades_have_chinese_labels_and_stable_values():
    assert [g.label for g in AccidentGrade] == ["一般事故", "较大事故", "重大事故", "特别重大事故"]
    assert AccidentGrade.MAJOR == "major"


def test_negative_figures_and_float_losses_are_refused():
    with pytest.raises(ValueError, match="死亡人数不能为负数"):
        _grade(deaths=-1)
    with pytest.raises(ValueError, match="直接经济损失不能为负数"):
        _grade(loss=Decimal("-0.01"))
    with pytest.raises(TypeError):
        accident_grade(deaths=0, serious_injuries=0, direct_loss=1e7)  # type: ignore[arg-type]
