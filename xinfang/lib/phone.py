"""Mainland China phone numbers: mobile (1[3-9]x, 11 digits) or landline (area code + 7-8 digits)."""

import re

from django.core.exceptions import ValidationError

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SERVICE = re.compile(r"^(12345|12351|110|120)$")


def normalize(value: str) -> str:
    value = value.strip().replace(" ", "").replace("（", "(").replace("）", ")")
    if value.startswith("+86"):
        value = value[3:]
    return value.replace("(", "").replace(")", "-").strip("-")


def validate_phone(value: str) -> None:
    value = normalize(value)
    if _MOBILE.match(value) or _LANDLINE.match(value) or _SERVICE.match(value):
        return
    raise ValidationError(
        "联系电话格式不正确：手机号为11位数字（1开头），固定电话为区号加7～8位号码，如0755-82345678。",
        code="phone",
    )
