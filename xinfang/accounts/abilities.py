"""The one vocabulary of what a user may do (docs/abilities.md).

A user has one role; what a role may do is said once, here and in each ledger's ``abilities.py``, as *abilities*:
a name (``"<app>.<verb>"``: ``petitions.decide``, ``mediations.mediate``), the roles that have it, and a Chinese
description for the docs and the admin. Code asks ``user.can("petitions.decide")`` (templates
``{% if user|can:"petitions.decide" %}``, queries ``role__in=roles_with(...)``), never which role a user has. An
unknown name is a programming error and raises ``UnknownAbility``.

This module owns the roles and the core's abilities; each ledger registers its own from its ``contributions.py``
(``register_abilities``). Nothing outside the abilities modules names a role (``accounts/tests/test_abilities.py``
scans the package for role literals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "承办人"
    APPROVER = "approver", "负责人"
    LEADER = "leader", "领导"
    ADMINISTRATOR = "administrator", "管理员"


DEFAULT_ROLE = Role.REGISTRAR

# The role sets the abilities are built from.
STAFF = frozenset({Role.REGISTRAR, Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR})  # everyone but leaders
DECIDERS = frozenset({Role.HANDLER, Role.APPROVER, Role.ADMINISTRATOR})
APPROVERS = frozenset({Role.APPROVER, Role.ADMINISTRATOR})


class UnknownAbility(LookupError):
    """An ability name nobody registered: a typo in code, never a user's fault."""


@dataclass(frozen=True)
class Ability:
    name: str  # "<app>.<verb>"
    roles: frozenset[str]
    description: str  # Chinese: what it allows (docs/abilities.md, the admin's user page)


class HasRole(Protocol):
    role: str
    is_active: bool


_abilities: dict[str, Ability] = {}


def register_abilities(*abilities: Ability) -> None:
    """Add abilities to the vocabulary (a ledger's ``contributions.py``). A name registered again with other roles
    is refused: two meanings for one name."""
    for ability in abilities:
        known = _abilities.get(ability.name)
        if known is not None and known != ability:
            raise ImproperlyConfigured(f"ability {ability.name!r} is registered twice, differently")
        unknown_roles = ability.roles - set(Role.values)
        if unknown_roles:
            raise ImproperlyConfigured(
                f"ability {ability.name!r} names unknown roles {sorted(unknown_roles)}"
            )
        _abilities[ability.name] = ability


def ability(name: str) -> Ability:
    try:
        return _abilities[name]
    except KeyError:
        raise UnknownAbility(
            f"unknown ability {name!r} (registered: {', '.join(sorted(_abilities))})"
        ) from None


def abilities() -> list[Ability]:
    """Every registered ability, by name."""
    return sorted(_abilities.values(), key=lambda a: a.name)


def has_ability(user: HasRole, name: str) -> bool:
    """Whether an active user's role has the ability (``User.can``). The name is checked first, for every user."""
    roles = ability(name).roles
    return bool(user.is_active) and user.role in roles


def roles_with(name: str) -> list[str]:
    """The roles that have an ability, for a query (``User.objects.filter(role__in=roles_with(...))``), in the
    order of ``Role``."""
    roles = ability(name).roles
    return [r for r in Role.values if r in roles]


def abilities_of(role: str) -> list[Ability]:
    """What a role may do (the admin's user page)."""
    return [a for a in abilities() if role in a.roles]


# The core's abilities. A ledger's live in its own abilities.py.
CORE = (
    Ability(
        "people.reveal_numbers",
        STAFF,
        "查看完整的身份证号和电话号码（每次一条，记入访问日志）",
    ),
    Ability("orgs.edit_registry", STAFF, "新增、修改用人单位名录"),
    Ability(
        "orgs.merge_employers",
        frozenset({Role.ADMINISTRATOR}),
        "将重复登记的用人单位合并到保留的单位（其记录随之转移，并留有合并记录）",
    ),
    Ability(
        "inbox.unit_reminders",
        frozenset({Role.HANDLER, Role.APPROVER}),
        "接收本单位工作的待办提醒（交办、退回、临期、超期、终结等）",
    ),
    Ability(
        "figures.read_year",
        frozenset({Role.LEADER, Role.APPROVER, Role.ADMINISTRATOR}),
        "在工作台查看本年度各项统计数字",
    ),
    Ability(
        "admin.manage",
        frozenset({Role.ADMINISTRATOR}),
        "进入系统管理（组织、用户、字典、设置、文书模板），查看运行状态和节假日日历提醒",
    ),
)

register_abilities(*CORE)
