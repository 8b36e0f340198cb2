"""The workflow kit every ledger with states uses (docs/architecture.md, "Steps and abilities").

A ledger declares its steps as data, in a ``Workflow``: each ``Step`` has a label, the statuses it starts from,
the status it leads to, the ability it needs (``accounts/abilities.py``) and who takes it (``actor``, read by the
ledger's own rule for who may act on a record). Every action then

- calls ``check`` first (the ability, the record's status, the ledger's rule; a refusal is a ``NotAllowed`` with
  a Chinese message saying which of the three failed),
- moves the record with ``take``: one conditional UPDATE on the version the user loaded and the step's source
  statuses, so a stale page or a concurrent step is a ``Conflict`` and nothing is lost or half-done,
- and writes its history with ``record_event``.

Pages offer the steps ``allowed`` now. The kit names no ledger and no role: a record has ``status`` and ``version``
columns, and its event model a foreign key to it with ``related_name="events"`` and the columns ``by``, ``kind``,
``summary`` and ``changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import F

from .exceptions import Conflict, NotAllowed

OWNER = "owner"  # the default actor: the side that owns the record (each ledger says what that means)


class Actor(Protocol):
    """The user taking a step."""

    def can(self, ability: str) -> bool: ...

    def get_role_display(self) -> str: ...


@dataclass(frozen=True)
class Step:
    label: str  # Chinese, shown in messages and the history
    sources: frozenset[str]  # the statuses it may be taken from
    target: str | None  # the status it leads to; None: it does not change the status (or the action decides)
    ability: str  # what the user must be able to do (accounts/abilities.py)
    actor: str = OWNER  # who takes it, as the ledger's ``may_act`` reads it


# The ledger's own rule: may this user take this step on this record (``through``: what he acts through, e.g. a
# handling unit's assignment, or None)?
MayAct = Callable[[Step, Any, Any, Any], bool]


@dataclass(frozen=True)
class Workflow:
    """One ledger's step table and how it speaks of its records."""

    steps: Mapping[str, Step]
    may_act: MayAct
    noun: str  # "信访件", "调解案件"
    # When ``may_act`` refuses; formatted with ``record`` and ``step``.
    not_yours: str = "该{noun}不由您所在单位办理，您不能执行“{step.label}”。"

    def step(self, name: str) -> Step:
        step = self.steps.get(name)
        if step is None:
            raise NotAllowed("未知的办理步骤。")
        return step

    def check(self, record: Any, name: str, user: Actor, through: Any = None) -> Step:
        """The step, if this user may take it on this record now; otherwise NotAllowed saying why."""
        step = self.step(name)
        if not user.can(step.ability):
            raise NotAllowed(f"您的角色（{user.get_role_display()}）不能执行“{step.label}”。")
        if record.status not in step.sources:
            raise NotAllowed(
                f"该{self.noun}当前状态为“{record.get_status_display()}”，不能执行“{step.label}”。"
            )
        if not self.may_act(step, record, user, through):
            raise NotAllowed(self.not_yours.format(noun=self.noun, record=record, step=step))
        return step

    def allowed(self, record: Any, user: Actor, through: Any = None) -> list[str]:
        """The names of the steps the user may take on the record now (a page shows their forms)."""
        return [
            name
            for name, step in self.steps.items()
            if user.can(step.ability)
            and record.status in step.sources
            and self.may_act(step, record, user, through)
        ]

    def take(self, record: Any, *, step: Step, expected_version: int, conflict: str = "", **fields) -> None:
        """Apply ``fields`` (and the step's target status) only if nobody changed the record since version
        ``expected_version`` and it is still in a status the step starts from; the version goes up by one.
        Otherwise ``Conflict`` (``conflict``, or the ledger's message). The step's target status applies unless
        ``fields`` names another (a step with several outcomes)."""
        if step.target is not None:
            fields.setdefault("status", step.target)
        updated = (
            type(record)
            ._default_manager.filter(pk=record.pk, version=expected_version, status__in=step.sources)
            .update(version=F("version") + 1, **fields)
        )
        if not updated:
            raise Conflict(conflict or f"该{self.noun}已被他人处理或修改，请刷新页面后重新操作。")


def record_event(record: Any, by: Any, kind: str, summary: str, /, **changes: Any) -> Any:
    """Add an entry to a record's history (its ``events``), the summary cut to the column's length."""
    events = record.events
    limit = events.model._meta.get_field("summary").max_length
    return events.create(by=by, kind=kind, summary=summary[:limit], changes=changes)
