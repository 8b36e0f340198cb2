"""Employer names compared as a clerk reads them: "万家东方" and "深圳市万家东方服饰有限公司" are likely one employer.

``name_key`` reduces a name to what tells employers apart: full-width characters folded (NFKC), letters in one
case, no spaces or brackets, no leading 深圳市 or district, no legal-form suffix (有限公司 …). Two names are
*close* when their keys are equal, or when one key contains the other and the shorter has at least
``MIN_CONTAINED`` characters (a two-character key such as 华为 or 电子 is part of too many names to mean one
employer). Close names are a question to the clerk, never a silent match.

Employers store their key (``Employer.name_key``); a change to ``name_key`` here needs a data migration that
recomputes it (as ``orgs/migrations/0002``'s ``fill_name_keys`` does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Kept in this order: the longer suffix first, so 股份有限公司 is not read as …股份 + 有限公司.
LEGAL_FORM_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "分公司")
CITY = "深圳市"
DISTRICTS = (
    "罗湖区",
    "福田区",
    "南山区",
    "宝安区",
    "龙岗区",
    "盐田区",
    "龙华区",
    "坪山区",
    "光明区",
    "大鹏新区",
)
MIN_CONTAINED = 3

_DROPPED = re.compile(r"[\s()（）\[\]【】〔〕{}<>《》〈〉「」『』]")


def name_key(name: str) -> str:
    """The comparable core of an employer's name (never empty for a name that is not blank)."""
    key = _DROPPED.sub("", unicodedata.normalize("NFKC", name).casefold())
    key = _strip_prefix(key, (CITY,))
    key = _strip_prefix(key, DISTRICTS)
    stripped = True
    while stripped:
        stripped = False
        for suffix in LEGAL_FORM_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    return key


def _strip_prefix(key: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def keys_are_close(a: str, b: str) -> bool:
    """Whether two keys (``name_key``) name likely the same employer."""
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= MIN_CONTAINED and shorter in longer


def are_close(a: str, b: str) -> bool:
    """Whether two employer names are close (see the module's docstring)."""
    return keys_are_close(name_key(a), name_key(b))


class CloseNames:
    """A growing set of names that answers "is this name close to one already in?" without comparing it with
    each (for generating many distinct names: every substring of each key long enough to count is kept)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._keys: set[str] = set()
        self._parts: set[str] = set()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        key = name_key(name)
        self._keys.add(key)
        self._parts.update(key_parts(key))

    def is_close(self, name: str) -> bool:
        key = name_key(name)
        if key in self._keys:
            return True
        # Another key contains this one, or this one contains another that is long enough to count.
        return (len(key) >= MIN_CONTAINED and key in self._parts) or any(
            part in self._keys for part in key_parts(key)
        )


def key_parts(key: str) -> set[str]:
    """Every part of a key long enough to count as a contained name (``MIN_CONTAINED`` characters or more)."""
    n = len(key)
    return {key[i:j] for i in range(n) for j in range(i + MIN_CONTAINED, n + 1)}
