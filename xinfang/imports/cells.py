"""Reading one cell as its column's type: what Excel gives (text, numbers, dates) into what a kind checks. A cell
that cannot be read is a Chinese problem; an empty cell is None (whether it may be empty is the column's
``required`` and the kind's rule)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from xinfang.lib.limits import clean_text

from .registry import NO, YES, Column, ColumnType
from .rows import ImportContext

# Excel keeps numbers as doubles: past 15 significant digits the last ones are lost (an ID number typed as a
# number ends in zeros), so a long number in a text column is refused rather than read wrong.
EXACT_DIGITS = 15
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%H时%M分")
_TRUE = {YES, "Y", "YES", "TRUE", "1", "√", "有"}
_FALSE = {NO, "N", "NO", "FALSE", "0", "×", "无"}


class CellProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def as_text(raw: Any) -> str:
    """The cell as the problem list shows it."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return YES if raw else NO
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if raw.time() != time() else raw.strftime("%Y-%m-%d")
    if isinstance(raw, date):
        return raw.isoformat()
    return clean_text(str(raw))


def read_cell(column: Column, raw: Any, ctx: ImportContext) -> Any:
    """The value of ``raw`` for ``column``, None when empty; ``CellProblem`` when it cannot be read."""
    if raw is None or (isinstance(raw, str) and not clean_text(raw)):
        return None
    reader = _READERS[column.type]
    return reader(column, raw, ctx)


def _text(column: Column, raw: Any, ctx: ImportContext) -> str:
    if isinstance(raw, float) and not raw.is_integer():
        return repr(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if len(str(int(raw)).lstrip("-")) > EXACT_DIGITS:
            raise CellProblem("数字过长，Excel 已改变其末几位：请把该列设为“文本”格式后重新填写。")
        return str(int(raw))
    return as_text(raw)


def _integer(column: Column, raw: Any, ctx: ImportContext) -> int:
    if isinstance(raw, bool):
        raise CellProblem("应为整数。")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = as_text(raw).replace(",", "")
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return int(text)
    raise CellProblem("应为整数。")


def _decimal(column: Column, raw: Any, ctx: ImportContext) -> Decimal:
    if isinstance(raw, bool):
        raise CellProblem("应为数字。")
    text = repr(raw) if isinstance(raw, float) else as_text(raw)
    text = text.replace(",", "").removesuffix("元").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellProblem("应为数字，如 18000.00。") from None
    if not value.is_finite():
        raise CellProblem("应为数字，如 18000.00。")
    return value


def _date(column: Column, raw: Any, ctx: ImportContext) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = as_text(raw)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellProblem("应为日期，如 2026-06-10。")


def _datetime(column: Column, raw: Any, ctx: ImportContext) -> datetime:
    """A moment in Beijing time (the sheet holds no time zone)."""
    if isinstance(raw, datetime):
        moment = raw.replace(tzinfo=None)
    elif isinstance(raw, date):
        moment = datetime.combine(raw, time())
    else:
        moment = _parse_moment(as_text(raw))
    return timezone.make_aware(moment)


def _parse_moment(text: str) -> datetime:
    day, _, clock = text.partition(" ")
    for date_pattern in _DATE_FORMATS:
        for time_pattern in _TIME_FORMATS if clock else ("",):
            try:
                return datetime.strptime(f"{day} {clock}".strip(), f"{date_pattern} {time_pattern}".strip())
            except ValueError:
                continue
    raise CellProblem("应为日期时间，如 2026-06-10 09:30。")


def _boolean(column: Column, raw: Any, ctx: ImportContext) -> bool:
    if isinstance(raw, bool):
        return raw
    text = as_text(raw).upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem("应填“是”或“否”。")


class _Options:
    """A column's options, looked up by label, by stored value and (organisations) by code: built once per import."""

    def __init__(self, column: Column, ctx: ImportContext) -> None:
        self.pairs = column.options(ctx)
        self.by_label: dict[str, list[Any]] = {}
        self.by_value: dict[str, Any] = {}
        for value, label in self.pairs:
            self.by_label.setdefault(label, []).append(value)
            code = getattr(value, "code", value)
            if isinstance(code, str) and code:
                self.by_value.setdefault(code.upper(), value)

    @classmethod
    def of(cls, column: Column, ctx: ImportContext) -> _Options:
        cache = ctx.state.setdefault("_options", {})
        if column.field not in cache:
            cache[column.field] = cls(column, ctx)
        return cache[column.field]


def _choice(column: Column, raw: Any, ctx: ImportContext) -> Any:
    text = as_text(raw)
    options = _Options.of(column, ctx)
    if text in options.by_label:
        return options.by_label[text][0]
    if text.upper() in options.by_value:
        return options.by_value[text.upper()]  # the stored value (another system's export) is accepted too
    labels = "；".join(label for _, label in options.pairs[:12])
    more = "；等等" if len(options.pairs) > 12 else ""
    raise CellProblem(f"不是可选的值。可选：{labels}{more}（见模板的下拉列表）。")


def _organisation(column: Column, raw: Any, ctx: ImportContext) -> Any:
    """An organisation among the column's (those in scope), by its name or by its code. The same answer for one
    that does not exist and one outside the scope."""
    text = as_text(raw)
    options = _Options.of(column, ctx)
    named = options.by_label.get(text, [])
    if len(named) == 1:
        return named[0]
    if text.upper() in options.by_value:
        return options.by_value[text.upper()]
    if named:
        raise CellProblem("有多个组织同名，请改填组织代码。")
    raise CellProblem("未找到该组织，或该组织不在您的管辖范围内。")


_READERS = {
    ColumnType.TEXT: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.DECIMAL: _decimal,
    ColumnType.DATE: _date,
    ColumnType.DATETIME: _datetime,
    ColumnType.CHOICE: _choice,
    ColumnType.BOOLEAN: _boolean,
    ColumnType.ORGANISATION: _organisation,
}
