"""Revealing a masked ID or phone number: allowed by role, and always logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinfang.accounts.models import User
from xinfang.audit.models import AccessAction, log_access
from xinfang.lib.exceptions import NotAllowed

from .models import Person

if TYPE_CHECKING:
    from typing import Protocol

    class GivenNumbers(Protocol):
        """A party of one record (a petitioner, a mediation's worker) with the numbers given there."""

        id_number: str
        phone: str


REVEALABLE = {"id_number": AccessAction.REVEAL_ID_NUMBER, "phone": AccessAction.REVEAL_PHONE}


def reveal_number(
    *,
    user: User,
    person: Person,
    field: str,
    context: str = "",
    request=None,
    given: GivenNumbers | None = None,
) -> str:
    """The full number, after logging who saw it (by person). The caller has already applied the scope rule.
    With ``given`` (a party of one record: a petitioner, a mediation's worker) the number is the one given on that petition, never the
    person's stored one, which may come from a case of another scope."""
    if field not in REVEALABLE:
        raise NotAllowed("只能查看完整的身份证号或电话。")
    if not user.can("people.reveal_numbers"):
        raise NotAllowed("您的角色不能查看完整的身份证号和电话。")
    log_access(user=user, action=REVEALABLE[field], obj=person, detail=context, request=request)
    return getattr(given if given is not None else person, field)
