"""Chinese formats for documents and messages (GB/T 15835): dates as 2026年1月8日, no leading zeros; document
numbers as 罗工信〔2026〕1号 (GB/T 9704); amounts in capital numerals (大写) for agreements."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def cn_date(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


_CASE_NUMBER = re.compile(r"^(?P<prefix>.*〔\d{4}〕)0*(?P<seq>\d+)$")


def document_number(case_number: str) -> str:
    """A case number (罗工信〔2026〕0001) written as a document number (发文字号, GB/T 9704-2012 7.2.5): the
    sequence number without padding zeros and followed by 号 (罗工信〔2026〕1号). A number of another form is
    returned unchanged."""
    match = _CASE_NUMBER.match(case_number)
    if match is None:
        return case_number
    return f"{match['prefix']}{int(match['seq'])}号"


DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿", "万亿")


def _four(n: int) -> str:
    """0–9999 in capitals, with 零 for inner gaps (1001 -> 壹仟零壹)."""
    out, zero = "", False
    for i in range(3, -1, -1):
        d = n // 10**i % 10
        if d == 0:
            zero = bool(out)
        else:
            out += ("零" if zero else "") + DIGITS[d] + SMALL_UNITS[i]
            zero = False
    return out


def cn_money_upper(amount: Decimal) -> str:
    """An amount in 元 in capital numerals as written on agreements and receipts: 36570.5 -> 叁万陆仟伍佰柒拾元伍角。"""
    if amount < 0:
        raise ValueError("金额不能为负数。")
    fen_total = int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    words = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            groups.append(n % 10000)
            n //= 10000
        need_zero = False
        for i in range(len(groups) - 1, -1, -1):
            g = groups[i]
            if g == 0:
                need_zero = bool(words)
                continue
            if words and (need_zero or g < 1000):
                words += "零"
            words += _four(g) + BIG_UNITS[i]
            need_zero = False
        words += "元"
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif yuan:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return words
