"""Demo employer names, as a district's register holds them: never two that a clerk would take for one employer
(``xinfang.lib.employernames``), so the demo has no duplicates to merge."""

from __future__ import annotations

import random

from xinfang.lib.employernames import CloseNames

from . import texts

COMPANY_SUFFIXES = ["有限公司", "有限公司", "股份有限公司", "实业有限公司"]
ATTEMPTS = 1000


def employer_name(rng: random.Random, *, street: str, sole: bool, taken: CloseNames) -> str:
    """A new name, not close to any in ``taken`` (and added to it): a company of the city (深圳市…有限公司) or
    a sole trader of a street (罗湖区<street>…店). Two firm words and a trade give about 11,000 distinct names."""
    for _ in range(ATTEMPTS):
        words = "".join(rng.sample(texts.FIRM_WORDS, 2))
        trade = rng.choice(texts.TRADES)
        if sole:
            name = f"罗湖区{street}{words}{trade}{'' if trade.endswith(('店', '超市')) else '店'}"
        else:
            name = f"深圳市{words}{trade}{rng.choice(COMPANY_SUFFIXES)}"
        if not taken.is_close(name):
            taken.add(name)
            return name
    raise ValueError(f"演示数据中互不相近的用人单位名称已用尽（已有{ATTEMPTS}次重复），请减少 --employers。")
