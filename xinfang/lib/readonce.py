"""Reads made once per page: within ``reads_kept()`` (a page that only reads, e.g. the home page), ``read_once``
reads a value the first time it is asked for under its key and gives the same value afterwards; outside it, it
reads every time. Per thread and per task (a context variable), so nothing outlives the page."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_KEPT: ContextVar[dict[Hashable, Any] | None] = ContextVar("reads_kept", default=None)


@contextmanager
def reads_kept() -> Iterator[None]:
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    kept = _KEPT.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]
