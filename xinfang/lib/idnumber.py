"""Resident ID numbers (居民身份证号码, GB 11643-1999): 17 digits and a check character."""

import re
from datetime import date

from django.core.exceptions import ValidationError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize(value: str) -> str:
    return value.strip().upper()


def validate_id_number(value: str) -> None:
    """Raise a ValidationError in Chinese that names the field and the problem."""
    value = normalize(value)
    if not _SHAPE.match(value):
        raise ValidationError("身份证号应为18位（前17位为数字，最后一位为数字或X）。", code="id_shape")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError("身份证号中的出生日期无效。", code="id_birth_date") from None
    if check_character(value[:17]) != value[17]:
        raise ValidationError("身份证号校验位错误，请核对后重新输入。", code="id_check")


def gender_of(value: str) -> str:
    """'M' or 'F' from the 17th digit (odd is male)."""
    return "M" if int(value[16]) % 2 else "F"


def make_id_number(area: str, born_on: date, sequence: int) -> str:
    """Build a valid ID number (demo data and tests)."""
    first17 = f"{area}{born_on:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
