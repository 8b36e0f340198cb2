"""The limits every stored value keeps, read off the model field it goes into, and checked before it is stored.

One rule for every ledger and every path (page, API, import): a text fits its column and holds no NUL byte, no
other control character and no lone surrogate; invisible characters (zero-width spaces, direction marks and
overrides) are removed, so an invisible-only name counts as empty; a Decimal fits ``max_digits`` and
``decimal_places``; an integer fits its column on every backend; dates lie in a sane range. Each problem is one
Chinese message that names the field (its ``verbose_name``) and the limit. Nothing here touches the database.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

# A TextField has no max_length of its own: the longest text accepted (the same figure as the API schemas).
TEXT_MAX_LENGTH = 5000

# Business dates of a record (received, decided, replied, agreed …) and birth dates.
EARLIEST_RECORD_DATE = date(1990, 1, 1)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# Dates that may lie ahead (a due date, a performance deadline) stay within this many years.
FUTURE_YEARS = 10
# Clock skew allowed between a client that stamps a moment and the server.
CLOCK_SKEW = timedelta(minutes=5)

# Zero-width spaces and joiners, the byte-order mark, direction marks, embeddings, overrides and isolates.
_INVISIBLE = re.compile("[\u200b-\u200d\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0 controls other than tab, newline and carriage return: PostgreSQL refuses NUL, and generated .docx
# letters (XML) refuse them all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# The integer ranges Django documents for every backend (SQLite would store more, PostgreSQL refuses it).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def label_of(field: Any) -> str:
    return str(field.verbose_name or field.name)


def clean_text(value: str) -> str:
    """The text as stored: invisible characters removed, surrounding whitespace stripped."""
    return _INVISIBLE.sub("", value).strip()


def text_problem(value: str, *, label: str, max_length: int | None) -> str | None:
    """What is wrong with an already cleaned text, or None."""
    if "\x00" in value or _CONTROL.search(value):
        return f"{label}含有不允许的控制字符，请删除后重新输入。"
    if _SURROGATE.search(value):
        return f"{label}含有无效的字符（不成对的代理码位），请重新输入。"
    limit = max_length or TEXT_MAX_LENGTH
    if len(value) > limit:
        return f"{label}不能超过{limit}个字（现有{len(value)}个字）。"
    return None


def decimal_problem(value: Decimal, *, label: str, max_digits: int, decimal_places: int) -> str | None:
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return f"{label}不是有效的数字。"
    if not value.is_finite():
        return f"{label}不是有效的数字。"
    whole = max_digits - decimal_places
    if abs(value) >= Decimal(10) ** whole:
        top = "9" * whole + ("." + "9" * decimal_places if decimal_places else "")
        return f"{label}不能超过{top}（最多{whole}位整数）。"
    if value != value.quantize(Decimal(1).scaleb(-decimal_places)):
        return f"{label}最多保留{decimal_places}位小数。"
    return None


def is_negative(value: Decimal | None) -> bool:
    """A finite amount below zero (a NaN or an infinity is decimal_problem's, and cannot be compared)."""
    return value is not None and value.is_finite() and value < 0


def integer_problem(value: int, *, label: str, internal_type: str) -> str | None:
    lo, hi = INTEGER_RANGES.get(internal_type, (None, None))
    if not isinstance(value, int) or isinstance(value, bool):
        return f"{label}应为整数。"
    if hi is not None and value > hi:
        return f"{label}不能超过{hi}。"
    if lo is not None and value < lo:
        return f"{label}不能小于{lo}。"
    return None


def date_problem(value: date, *, label: str, ahead: bool = False, today: date | None = None) -> str | None:
    """A business date: from 1990-01-01 up to today (Beijing time), or up to FUTURE_YEARS ahead for a date
    that may lie in the future (``ahead``)."""
    today = today or timezone.localdate()
    if value < EARLIEST_RECORD_DATE:
        return f"{label}不能早于1990年1月1日。"
    if ahead:
        if value.year > today.year + FUTURE_YEARS:
            return f"{label}不能晚于{today.year + FUTURE_YEARS}年。"
    elif value > today:
        return f"{label}不能晚于今天。"
    return None


def birth_date_problem(value: date, *, label: str = "出生日期") -> str | None:
    if value < EARLIEST_BIRTH_DATE:
        return f"{label}不能早于1900年1月1日。"
    if value > timezone.localdate():
        return f"{label}不能晚于今天。"
    return None


def datetime_problem(value: datetime, *, label: str) -> str | None:
    """A moment of a record (received, asked): with a time zone, from 1990 up to now (a few minutes' skew)."""
    if timezone.is_naive(value):
        return f"{label}须注明时区（如 2026-06-10T10:00:00+08:00）。"
    if value.year < EARLIEST_RECORD_DATE.year:  # before any arithmetic: year 1 cannot be moved to UTC
        return f"{label}不能早于1990年1月1日。"
    try:
        earliest = timezone.make_aware(datetime.combine(EARLIEST_RECORD_DATE, time()))
        if value < earliest:
            return f"{label}不能早于1990年1月1日。"
        if value > timezone.now() + CLOCK_SKEW:
            return f"{label}不能晚于当前时间。"
    except OverflowError:
        return f"{label}超出有效范围。"
    return None


def value_problem(field: Any, value: Any, *, ahead: bool = False) -> str | None:
    """What is wrong with ``value`` for this model field (``Model._meta.get_field(name)``; texts already
    cleaned), or None. None and "" pass:
    whether a value is required is the action's rule."""
    if value is None or value == "":
        return None
    label = label_of(field)
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            return f"{label}应为文字。"
        return text_problem(value, label=label, max_length=field.max_length)
    if isinstance(field, models.DecimalField):
        assert field.max_digits is not None and field.decimal_places is not None
        return decimal_problem(
            value, label=label, max_digits=field.max_digits, decimal_places=field.decimal_places
        )
    if isinstance(field, models.IntegerField):
        return integer_problem(value, label=label, internal_type=field.get_internal_type())
    if isinstance(field, models.DateTimeField):
        if not isinstance(value, datetime):
            return f"{label}格式不正确。"
        return datetime_problem(value, label=label)
    if isinstance(field, models.DateField):
        if not isinstance(value, date):
            return f"{label}格式不正确。"
        return date_problem(value, label=label, ahead=ahead)
    return None


LATEST_FILTER_DATE = date(9998, 12, 31)


def filter_day(day: date | None) -> date | None:
    """A list filter's day brought within the days a record can have, so that the moments built from it (the
    day's start in Beijing, the next day's start) never overflow, whatever a crafted query asks for."""
    if day is None:
        return None
    return min(max(day, EARLIEST_RECORD_DATE), LATEST_FILTER_DATE)
