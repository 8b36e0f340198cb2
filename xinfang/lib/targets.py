"""Completion of a target (任务数) set by the federation, worded as a work summary words it.

- Below twice the target: "完成任务的N%", N = done ÷ target with one decimal, half up ("完成任务的100.0%" at exactly
  the target, "完成任务的121.2%" for 40 of 33). Rounding can write 200.0% just below twice the target (19,999 of
  10,000): the wording follows the exact counts, the figure follows the rounding.
- From twice the target on: "超额完成N倍", N = (done − target) ÷ target, its whole part, with "多" when the quotient
  is not whole: 554 of 50 is 10.08 → "超额完成10多倍"; exactly twice → "超额完成1倍".
- A target of zero (none was set, or it was set to nothing): no rate and no over-fulfilment; the wording is "无任务数"
  and the rate is "—". Any multiple of nothing would be invented, and a report shows the count done beside it.
"""

from __future__ import annotations

from xinfang.lib.rates import Rate

NO_TARGET = "无任务数"


def completion_rate(*, done: int, target: int) -> Rate:
    """done ÷ target, exact; written "—" when the target is zero."""
    _check(done=done, target=target)
    return Rate(done, target)


def completion_text(*, done: int, target: int) -> str:
    """The report's wording of ``done`` against ``target`` (see the module's docstring)."""
    _check(done=done, target=target)
    if target == 0:
        return NO_TARGET
    if done < 2 * target:
        return f"完成任务的{Rate(done, target)}"
    times, rest = divmod(done - target, target)
    return f"超额完成{times}{'多' if rest else ''}倍"


def _check(*, done: int, target: int) -> None:
    if done < 0:
        raise ValueError("完成数不能为负数。")
    if target < 0:
        raise ValueError("任务数不能为负数。")
