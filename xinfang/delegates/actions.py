"""Apportioning a congress's delegates (代表名额分配) and saving the result with its inputs."""

from __future__ import annotations

from django.db import transaction

from xinfang.accounts.models import User
from xinfang.lib.apportionment import apportion
from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.fielderrors import FieldErrors

from .inputs import ApportionmentIn
from .models import Apportionment, Delegation


@transaction.atomic
def apportion_delegates(*, by: User, data: ApportionmentIn) -> Apportionment:
    """Compute the apportionment (``lib.apportionment.apportion``: largest remainder after the minimum, equal
    remainders to more members, then to the one listed first) and save it with its inputs."""
    if not by.can("delegates.apportion") or by.org is None:
        raise NotAllowed("您的角色不能进行代表名额分配。")
    errors = FieldErrors()
    errors.check_limits(Apportionment, data, fields=("congress", "seats", "minimum", "decided_on"))
    if not data.congress:
        errors.add("congress", "请填写会议名称。")
    for i, d in enumerate(data.delegations, start=1):
        errors.check_limits(
            Delegation, d, fields=("name", "members"), key="delegations", label=f"第{i}个代表团："
        )
        if not d.name:
            errors.add("delegations", f"第{i}个代表团：请填写代表团名称。")
    errors.raise_if_any()
    try:
        result = apportion(data.seats, [(d.name, d.members) for d in data.delegations], minimum=data.minimum)
    except ValueError as e:
        field = "minimum" if "保底" in str(e) else "seats" if "名额总数" in str(e) else "delegations"
        errors.add(field, str(e))
        errors.raise_if_any()
        raise
    record = Apportionment.objects.create(
        org=by.org,
        congress=data.congress,
        seats=data.seats,
        minimum=data.minimum,
        decided_on=data.decided_on,
        registered_by=by,
    )
    Delegation.objects.bulk_create(
        Delegation(
            apportionment=record,
            position=i,
            name=a.name,
            members=a.members,
            quota_numerator=a.quota.numerator,
            quota_denominator=a.quota.denominator,
            seats=a.seats,
            by_tie_rule=a.by_tie_rule,
        )
        for i, a in enumerate(result, start=1)
    )
    return record
