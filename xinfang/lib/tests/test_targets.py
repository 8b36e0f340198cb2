import pytest

from xinfang.lib.targets import NO_TARGET, completion_rate, completion_text


def test_554_unions_against_a_target_of_50_is_over_ten_times():
    # sample-annual-summary.txt: 东湖街道工委会 "实际完成工会组建554家，超额完成10多倍" (a target of 50 assumed).
    assert completion_text(done=554, target=50) == "超额完成10多倍"


def test_exactly_the_target_is_100_percent():
    assert completion_text(done=50, target=50) == "完成任务的100.0%"


def test_exactly_twice_the_target_is_over_fulfilled_once():
    assert completion_text(done=100, target=50) == "超额完成1倍"


def test_just_below_twice_the_target_is_still_a_percentage():
    assert completion_text(done=99, target=50) == "完成任务的198.0%"
    assert completion_text(done=19999, target=10000) == "完成任务的200.0%"  # rounded figure, exact wording


def test_whole_multiples_have_no_duo():
    assert completion_text(done=150, target=50) == "超额完成2倍"
    assert completion_text(done=151, target=50) == "超额完成2多倍"
    assert completion_text(done=1371, target=500) == "超额完成1多倍"  # 东湖: members, target 500, done 1371


def test_below_the_target_is_a_percentage_with_one_decimal():
    assert completion_text(done=40, target=33) == "完成任务的121.2%"  # contracts: 40 against 33 from above
    assert completion_text(done=1, target=3) == "完成任务的33.3%"
    assert completion_text(done=0, target=3) == "完成任务的0.0%"


def test_a_target_of_zero_has_no_rate():
    assert completion_text(done=7, target=0) == NO_TARGET == "无任务数"
    assert completion_text(done=0, target=0) == "无任务数"
    assert str(completion_rate(done=7, target=0)) == "—"


def test_the_plain_rate_is_done_over_target():
    rate = completion_rate(done=554, target=50)
    assert (rate.numerator, rate.denominator, str(rate)) == (554, 50, "1108.0%")


def test_negative_numbers_are_refused():
    with pytest.raises(ValueError, match="任务数不能为负数"):
        completion_text(done=1, target=-1)
    with pytest.raises(ValueError, match="完成数不能为负数"):
        completion_rate(done=-1, target=1)
