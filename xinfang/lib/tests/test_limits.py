"""xinfang.lib.limits: the limits of a column, read off the model field, with Chinese messages."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from xinfang.lib import limits

NAME: Any = models.CharField("姓名", max_length=50)
NOTE: Any = models.TextField("内容")
AMOUNT: Any = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2)
COUNT: Any = models.PositiveIntegerField("人数")
SMALL: Any = models.PositiveSmallIntegerField("天数")
ON: Any = models.DateField("答复日期")
AT: Any = models.DateTimeField("收到时间")


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("  张三 ", "张三"),
        ("\u200b张\u200c三\u200d\ufeff", "张三"),
        ("\u202e三张\u202c", "三张"),
        ("\u2066张三\u2069\u200e\u200f", "张三"),
        ("\u200b\u202e\u2066", ""),
        ("第一行\n第二行\t", "第一行\n第二行"),
    ],
)
def test_clean_text_removes_invisible_characters_and_surrounding_space(raw, clean):
    assert limits.clean_text(raw) == clean


@pytest.mark.parametrize(
    "field,value,problem",
    [
        (NAME, "张" * 50, None),
        (NAME, "张" * 51, "姓名不能超过50个字（现有51个字）。"),
        (NAME, "张\x00三", "姓名含有不允许的控制字符，请删除后重新输入。"),
        (NAME, "张\x0c三", "姓名含有不允许的控制字符，请删除后重新输入。"),
        (NAME, "张\ud800三", "姓名含有无效的字符（不成对的代理码位），请重新输入。"),
        (NAME, 5, "姓名应为文字。"),
        (NOTE, "记" * limits.TEXT_MAX_LENGTH, None),
        (NOTE, "记" * (limits.TEXT_MAX_LENGTH + 1), "内容不能超过5000个字（现有5001个字）。"),
        (NOTE, "第一行\r\n第二行\t", None),
        (AMOUNT, Decimal("999999999999.99"), None),
        (AMOUNT, Decimal("1000000000000"), "涉及金额（元）不能超过999999999999.99（最多12位整数）。"),
        (AMOUNT, Decimal("-1000000000000"), "涉及金额（元）不能超过999999999999.99（最多12位整数）。"),
        (AMOUNT, Decimal("1E+20"), "涉及金额（元）不能超过999999999999.99（最多12位整数）。"),
        (AMOUNT, Decimal("1.005"), "涉及金额（元）最多保留2位小数。"),
        (AMOUNT, Decimal("1.500"), None),
        (AMOUNT, Decimal("NaN"), "涉及金额（元）不是有效的数字。"),
        (AMOUNT, Decimal("-Infinity"), "涉及金额（元）不是有效的数字。"),
        (COUNT, 2**31 - 1, None),
        (COUNT, 2**31, "人数不能超过2147483647。"),
        (COUNT, 2**63, "人数不能超过2147483647。"),
        (COUNT, -1, "人数不能小于0。"),
        (COUNT, True, "人数应为整数。"),
        (SMALL, 32768, "天数不能超过32767。"),
        (ON, date(1990, 1, 1), None),
        (ON, date(1989, 12, 31), "答复日期不能早于1990年1月1日。"),
        (ON, date(1, 1, 1), "答复日期不能早于1990年1月1日。"),
        (AT, datetime(2026, 6, 10, 10, 0), "收到时间须注明时区（如 2026-06-10T10:00:00+08:00）。"),
        (AT, datetime(1, 1, 1, tzinfo=UTC), "收到时间不能早于1990年1月1日。"),
        (AT, datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "收到时间不能晚于当前时间。"),
        (NAME, "", None),
        (AMOUNT, None, None),
    ],
)
def test_value_problem_names_the_field_and_the_limit(field, value, problem):
    assert limits.value_problem(field, value) == problem


def test_record_dates_end_today_in_beijing_and_due_dates_within_ten_years():
    today = timezone.localdate()
    assert limits.value_problem(ON, today) is None
    assert limits.value_problem(ON, today + timedelta(days=1)) == "答复日期不能晚于今天。"
    assert limits.value_problem(ON, today + timedelta(days=400), ahead=True) is None
    assert limits.value_problem(ON, date(9999, 1, 1), ahead=True) == f"答复日期不能晚于{today.year + 10}年。"


def test_moments_allow_a_few_minutes_of_clock_skew():
    assert limits.value_problem(AT, timezone.now() + timedelta(minutes=4)) is None
    assert limits.value_problem(AT, timezone.now() + timedelta(minutes=6)) == "收到时间不能晚于当前时间。"


@pytest.mark.parametrize(
    "born_on,problem",
    [
        (date(1900, 1, 1), None),
        (date(1899, 12, 31), "出生日期不能早于1900年1月1日。"),
        (date(2999, 1, 1), "出生日期不能晚于今天。"),
    ],
)
def test_birth_dates_lie_from_1900_to_today(born_on, problem):
    assert limits.birth_date_problem(born_on) == problem


def test_is_negative_never_compares_a_nan():
    assert limits.is_negative(Decimal("-0.01"))
    assert not limits.is_negative(Decimal("NaN")) and not limits.is_negative(None)
    assert not limits.is_negative(Decimal("0"))
