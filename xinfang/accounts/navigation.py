"""The menu registry: the entries of the top menu, each registered by the app whose page it opens.

Core apps register theirs in their ``AppConfig.ready()``, ledgers in their ``contributions.py``; ``base.html``
renders what the ``menu`` context processor gives it. Orders: the home page 10, ledgers 20-59 (petitions 20-39,
mediations 40, consultations 50, the ledgers to come after them), the shared pages 60 and up.

Entries that name the same ``group`` are shown as one drop-down menu titled by the group, in the place of the
first of them (the union-work ledgers are ``UNION_WORK``: a row of a dozen ledgers would not fit the bar).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse

if TYPE_CHECKING:
    from .models import User


UNION_WORK = "工会工作"  # the group of the union-work ledgers (founding, congresses, contracts, homes …)


def everyone(user: User) -> bool:
    return True


@dataclass(frozen=True)
class MenuEntry:
    title: str
    url_name: str  # e.g. "petitions:list"
    order: int
    shown_to: Callable[[User], bool] = everyone
    accesskey: str = ""  # Alt+<key> opens it; the menu says so
    badge: Callable[[HttpRequest], int | str] | None = None  # a count after the title (shown unless 0)
    on_home: bool = False  # also a button on the home page (e.g. 登记信访)
    group: str = ""  # entries of one group make one drop-down menu titled by it


@dataclass(frozen=True)
class MenuItem:
    """An entry as one user's menu shows it; a group has no URL of its own but its entries as ``children``."""

    title: str
    url: str
    accesskey: str
    badge: int | str
    on_home: bool
    children: tuple[MenuItem, ...] = ()


MENU: list[MenuEntry] = []


def register_menu_entry(*entries: MenuEntry) -> None:
    """Add entries to the menu; an entry registered again for its URL name replaces the earlier one."""
    for entry in entries:
        MENU[:] = [e for e in MENU if e.url_name != entry.url_name]
        MENU.append(entry)


def menu_for(request: HttpRequest) -> list[MenuItem]:
    """The user's menu in order, each group's entries gathered in the place of its first one."""
    user = request.user
    entries = [e for e in sorted(MENU, key=lambda e: (e.order, e.url_name)) if e.shown_to(user)]  # type: ignore[arg-type]
    items: list[MenuItem] = []
    for e in entries:
        if e.group and any(item.title == e.group for item in items):
            continue
        if e.group:
            children = tuple(_item(request, member) for member in entries if member.group == e.group)
            items.append(MenuItem(e.group, "", "", "", False, children))
        else:
            items.append(_item(request, e))
    return items


def _item(request: HttpRequest, e: MenuEntry) -> MenuItem:
    return MenuItem(e.title, reverse(e.url_name), e.accesskey, e.badge(request) if e.badge else "", e.on_home)


def menu(request: HttpRequest) -> dict:
    """Context processor: the signed-in user's menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": menu_for(request)}
