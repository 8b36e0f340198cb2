"""Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters, the last a check character."""

import re

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"^[{ALPHABET}]{{18}}$")


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(value: str) -> str:
    return value.strip().upper()


def validate_credit_code(value: str) -> None:
    value = normalize(value)
    if not _SHAPE.match(value):
        raise ValidationError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。", code="credit_code_shape"
        )
    if check_character(value[:17]) != value[17]:
        raise ValidationError("统一社会信用代码校验位错误，请核对后重新输入。", code="credit_code_check")


def make_credit_code(first17: str) -> str:
    """Complete 17 characters with their check character (demo data and tests)."""
    return first17 + check_character(first17)
