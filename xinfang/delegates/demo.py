"""Demo apportionment: the district's congress of 205 delegates shared among the working committees' delegations
by their unions' members (the sample summary's "大会代表共205名"), with a minimum of 3 each, through the action."""

from __future__ import annotations

import random

from django.db.models import Sum
from django.utils import timezone

from xinfang.accounts.abilities import roles_with
from xinfang.accounts.models import User
from xinfang.ops.demo import DemoOptions
from xinfang.orgs.models import Org
from xinfang.unions.models import GrassrootsUnion

from .actions import apportion_delegates
from .inputs import ApportionmentIn, DelegationIn
from .models import Apportionment

SEATS, MINIMUM = 205, 3


def build_demo(federation: Org, rng: random.Random, options: DemoOptions) -> str:
    if Apportionment.objects.exists():
        return "代表名额分配已有，未改动"
    by = (
        User.objects.filter(org=federation, role__in=roles_with("delegates.apportion")).order_by("pk").first()
    )
    members = (
        GrassrootsUnion.objects.filter(org__parent=federation)
        .values("org__name")
        .annotate(n=Sum("members"))
        .order_by("org__name")
    )
    delegations = [DelegationIn(name=f"{m['org__name']}代表团", members=m["n"]) for m in members if m["n"]]
    if by is None or not delegations:
        return "没有基层工会会员，未分配代表名额"
    year = timezone.localdate().year
    apportion_delegates(
        by=by,
        data=ApportionmentIn(
            congress=f"罗湖区工会第{year - 2019}次代表大会",
            seats=SEATS,
            minimum=MINIMUM,
            decided_on=timezone.localdate(),
            delegations=delegations,
        ),
    )
    return f"代表名额分配 1 份（{SEATS} 名，{len(delegations)} 个代表团）"
