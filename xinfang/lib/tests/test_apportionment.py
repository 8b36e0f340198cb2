import math
from fractions import Fraction

import pytest

from xinfang.lib.apportionment import apportion


def _seats(allotments):
    return [a.seats for a in allotments]


def test_whole_quotas_are_given_exactly():
    result = apportion(10, [("甲", 600), ("乙", 300), ("丙", 100)])
    assert _seats(result) == [6, 3, 1]
    assert [a.quota for a in result] == [6, 3, 1]
    assert not any(a.by_tie_rule for a in result)


def test_seats_left_go_to_the_largest_remainders():
    # 20 seats, 10000 members: quotas 14.54, 2.46, 3.0 -> 14, 2, 3 and the 20th seat to the remainder .54.
    result = apportion(20, [("甲", 7270), ("乙", 1230), ("丙", 1500)])
    assert [a.quota for a in result] == [Fraction(1454, 100), Fraction(246, 100), 3]
    assert _seats(result) == [15, 2, 3]


def test_the_seat_left_goes_to_the_largest_remainder_not_the_largest_delegation():
    # 7 seats, 100 members: quotas 3.29, 2.38, 1.33 -> 3, 2, 1 and one seat left for the largest remainder .38.
    result = apportion(7, [("甲", 47), ("乙", 34), ("丙", 19)])
    assert [a.quota for a in result] == [Fraction(329, 100), Fraction(238, 100), Fraction(133, 100)]
    assert _seats(result) == [3, 3, 1]


def test_equal_remainders_go_to_more_members_first():
    # 10 seats, 2000 members: quotas 5, 3.5, 1, 0.5; one seat left, remainders .5 and .5: 乙 (700) before 丁 (100).
    result = apportion(10, [("甲", 1000), ("乙", 700), ("丙", 200), ("丁", 100)])
    assert _seats(result) == [5, 4, 1, 0]
    assert [a.by_tie_rule for a in result] == [False, True, False, True]


def test_equal_remainders_and_members_go_in_the_given_order():
    # 10 seats, 100 members: quotas 2.4, 2.4, 2.4, 2.8; two seats left: 丁 (.8), then the first of the three .4s.
    result = apportion(10, [("甲", 24), ("乙", 24), ("丙", 24), ("丁", 28)])
    assert _seats(result) == [3, 2, 2, 3]
    assert [a.by_tie_rule for a in result] == [True, True, True, False]
    assert _seats(apportion(10, [("丙", 24), ("乙", 24), ("甲", 24), ("丁", 28)])) == [3, 2, 2, 3]


def test_quotas_are_exact_fractions():
    result = apportion(10, [("甲", 1), ("乙", 1), ("丙", 1)])
    assert all(a.quota == Fraction(10, 3) for a in result)
    assert _seats(result) == [4, 3, 3]


def test_minimum_first_then_the_rest_by_largest_remainder():
    delegations = [("机关", 900), ("东湖", 50), ("清水河", 50)]
    assert _seats(apportion(20, delegations)) == [18, 1, 1]
    # 2 each first; the 14 left: quotas 12.6, 0.7, 0.7 -> 12, 0, 0 and the two seats left to the .7s.
    result = apportion(20, delegations, minimum=2)
    assert [a.quota for a in result] == [Fraction(126, 10), Fraction(7, 10), Fraction(7, 10)]
    assert _seats(result) == [14, 3, 3]
    assert all(a.minimum == 2 for a in result)
    assert not any(a.by_tie_rule for a in result)  # both .7s get a seat: no tie decided anything


def test_minimum_that_takes_every_seat():
    assert _seats(apportion(6, [("甲", 900), ("乙", 50), ("丙", 50)], minimum=2)) == [2, 2, 2]


def test_every_delegation_gets_its_quota_rounded_down_or_up_and_the_seats_add_up():
    delegations = [("甲", 5117), ("乙", 4400), ("丙", 162), ("丁", 161), ("戊", 2023), ("己", 1)]
    for seats in range(1, 206):
        result = apportion(seats, delegations)
        assert sum(a.seats for a in result) == seats
        assert all(a.seats in (math.floor(a.quota), math.ceil(a.quota)) for a in result), seats
    for seats in range(12, 206):
        result = apportion(seats, delegations, minimum=2)
        assert sum(a.seats for a in result) == seats
        assert all(a.seats - 2 in (math.floor(a.quota), math.ceil(a.quota)) for a in result), seats


def test_one_more_seat_can_cost_a_delegation_a_seat_as_hamilton_does():
    # The Alabama paradox of the method, reproduced and documented rather than hidden.
    delegations = [("甲", 6), ("乙", 6), ("丙", 2)]
    assert _seats(apportion(10, delegations)) == [4, 4, 2]
    assert _seats(apportion(11, delegations)) == [5, 5, 1]


def test_fewer_seats_than_the_minimums_are_refused():
    with pytest.raises(ValueError, match=r"代表名额总数（5名）少于各代表团保底名额之和（3个代表团×2名=6名）"):
        apportion(5, [("甲", 900), ("乙", 50), ("丙", 50)], minimum=2)


def test_a_delegation_without_members_is_refused():
    with pytest.raises(ValueError, match="代表团“乙”的会员人数须大于0（现为0）"):
        apportion(5, [("甲", 900), ("乙", 0)])


@pytest.mark.parametrize(
    ("seats", "delegations", "minimum", "message"),
    [
        (5, [], 0, "至少需要一个代表团"),
        (0, [("甲", 1)], 0, "代表名额总数须为正整数"),
        (5, [("甲", 1)], -1, "保底名额不能为负数"),
        (5, [("甲", 1), ("甲", 2)], 0, "代表团“甲”重复列出"),
    ],
)
def test_impossible_inputs_are_refused(seats, delegations, minimum, message):
    with pytest.raises(ValueError, match=message):
        apportion(seats, delegations, minimum=minimum)
