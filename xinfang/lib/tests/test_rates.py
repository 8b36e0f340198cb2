from decimal import Decimal
from fractions import Fraction

import pytest

from xinfang.lib.rates import Rate, points_change, points_change_text, round_half_up, share


def test_regional_and_industry_contracts_are_42_5_percent_of_40_not_39():
    contracts = share([14, 3], 40)
    assert contracts.value == Fraction(17, 40)
    assert str(contracts) == "42.5%"
    assert contracts.stated() == "42.5%（17/40）"


def test_sample_summary_collective_contract_paragraph():
    # sample-annual-summary.txt: 40 contracts covering 2023 employers and 18620 workers; regional 14 (1956 employers,
    # 15512 workers), industry 3 (44, 476), single 23 (23, 2632). It printed 39%, 98% and 85%.
    regional, industry, single = (14, 1956, 15512), (3, 44, 476), (23, 23, 2632)
    totals = (40, 2023, 18620)
    assert tuple(map(sum, zip(regional, industry, single, strict=True))) == totals
    by_count, by_employers, by_workers = (
        share([regional[i], industry[i]], totals[i]).stated() for i in range(3)
    )
    assert by_count == "42.5%（17/40）"
    assert by_employers == "98.9%（2000/2023）"  # 98.863…%: the summary cut it to 98%
    assert by_workers == "85.9%（15988/18620）"  # 85.864…%
    assert str(share([single[0]], totals[0])) == "57.5%"


def test_zero_over_zero_is_no_rate_not_an_error():
    nothing = Rate(0, 0)
    assert nothing.value is None and nothing.percent is None
    assert str(nothing) == "—"
    assert nothing.stated() == "—（0/0）"
    assert str(Rate(0, 5)) == "0.0%"


def test_rates_round_half_up_only_when_written():
    assert Rate(1, 8).percent == Decimal("12.5")
    assert str(Rate(1, 1600)) == "0.1%"  # 0.0625% rounds up
    assert str(Rate(1, 2000)) == "0.1%"  # exactly 0.05%: half up, not half even
    assert str(Rate(1, 2001)) == "0.0%"
    assert str(Rate(2, 3)) == "66.7%"
    assert str(Rate(1353, 1353)) == "100.0%"
    assert Rate(1, 3).value == Fraction(1, 3)  # kept exact until written


def test_round_half_up_rounds_halves_away_from_zero():
    assert round_half_up(Fraction(25, 100), 1) == Decimal("0.3")
    assert round_half_up(Fraction(-25, 100), 1) == Decimal("-0.3")
    assert round_half_up(Fraction(-24, 100), 1) == Decimal("-0.2")
    assert round_half_up(Fraction(5, 1000), 2) == Decimal("0.01")
    assert str(round_half_up(Fraction(80), 1)) == "80.0"


def test_amounts_may_be_decimal_but_never_float():
    recovered = Rate(Decimal("36.57"), Decimal("100.00"))
    assert str(recovered) == "36.6%"
    with pytest.raises(TypeError):
        Rate(0.5, 1)  # type: ignore[arg-type]


def test_negative_counts_and_parts_above_the_whole_are_refused():
    with pytest.raises(ValueError, match="不能为负数"):
        Rate(-1, 10)
    with pytest.raises(ValueError, match="部分之和（41）不能大于总数（40）"):
        share([38, 3], 40)


def test_a_change_of_a_rate_is_in_percentage_points():
    last_year, this_year = Rate(733, 1000), Rate(745, 1000)
    assert points_change(last_year, this_year) == Decimal("1.2")
    assert points_change_text(last_year, this_year) == "提高1.2个百分点"
    assert points_change_text(this_year, last_year) == "下降1.2个百分点"
    assert points_change_text(Rate(1, 3), Rate(2, 6)) == "持平"
    assert points_change_text(Rate(1000, 3000), Rate(1001, 3000)) == "持平"  # 0.03 points, written 0.0
    assert points_change_text(Rate(0, 0), this_year) == "—"


def test_a_change_is_computed_from_the_exact_rates():
    # 97.349…% was written 97.3%, 98.55% is written 98.6%; the change is 1.2 points (1.2007), not 98.6 − 97.3.
    before, after = Rate(97349, 100000), Rate(9855, 10000)
    assert (str(before), str(after)) == ("97.3%", "98.6%")
    assert points_change(before, after) == Decimal("1.2")
