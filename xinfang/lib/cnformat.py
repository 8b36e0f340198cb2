"""Chinese formats for documents and messages (GB/T 15835): dates as 2026年1月8日, no leading zeros."""

from datetime import date


def cn_date(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"
