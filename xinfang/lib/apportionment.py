"""Delegate apportionment (代表名额分配) by the largest-remainder (Hamilton) method, with a minimum per delegation.

The rule, as union congresses commonly apply it:

1. Every delegation first gets the minimum (保底名额), the same for all.
2. The seats left, R = N − minimum × number of delegations, are shared in proportion to members among all
   delegations: each delegation's quota is R × its members ÷ all members (an exact Fraction), and it gets the whole
   part of its quota.
3. The seats still left (fewer than the number of delegations) go one each to the largest fractional remainders.
   Equal remainders: the delegation with more members first, then the one given first. ``by_tie_rule`` marks the
   delegations among whose equal remainders a seat had to be given to some and not others, so that the printed
   table can say so.

So each delegation gets the minimum plus its quota rounded down or up, and the seats add up to N. Hamilton's method
is not free of the Alabama paradox: one more seat in all can cost a delegation a seat (members 6, 6, 2: 10 seats
give 4, 4, 2; 11 give 5, 5, 1). The table is computed for the N the congress decided, once.

Refused, with a Chinese message naming the figure: no delegations, a seat total below one, a negative minimum, a
delegation named twice, a delegation with no members, and a total below the sum of the minimums.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Allotment:
    name: str
    members: int
    minimum: int
    quota: Fraction  # of the seats shared in proportion (step 2), exact
    seats: int  # minimum + whole part of the quota + one remainder seat or none
    by_tie_rule: bool = False


def apportion(seats: int, delegations: Sequence[tuple[str, int]], *, minimum: int = 0) -> list[Allotment]:
    """Share ``seats`` among ``delegations`` ((name, members), in the order given) by the rule above."""
    _check(seats, delegations, minimum)
    shared = seats - minimum * len(delegations)
    all_members = sum(members for _, members in delegations)
    quotas = [Fraction(shared * members, all_members) for _, members in delegations]
    floors = [math.floor(quota) for quota in quotas]
    left = shared - sum(floors)
    # Largest remainder first; then more members; then the order given.
    order = sorted(range(len(delegations)), key=lambda i: (-(quotas[i] - floors[i]), -delegations[i][1], i))
    winners = set(order[:left])
    tied: set[int] = set()
    if 0 < left < len(order):
        boundary = quotas[order[left]] - floors[order[left]]
        if quotas[order[left - 1]] - floors[order[left - 1]] == boundary:
            tied = {i for i in order if quotas[i] - floors[i] == boundary}
    return [
        Allotment(
            name=name,
            members=members,
            minimum=minimum,
            quota=quotas[i],
            seats=minimum + floors[i] + (1 if i in winners else 0),
            by_tie_rule=i in tied,
        )
        for i, (name, members) in enumerate(delegations)
    ]


def _check(seats: int, delegations: Sequence[tuple[str, int]], minimum: int) -> None:
    if not delegations:
        raise ValueError("至少需要一个代表团。")
    if seats < 1:
        raise ValueError(f"代表名额总数须为正整数（现为{seats}）。")
    if minimum < 0:
        raise ValueError(f"每个代表团的保底名额不能为负数（现为{minimum}）。")
    seen: set[str] = set()
    for name, members in delegations:
        if name in seen:
            raise ValueError(f"代表团“{name}”重复列出。")
        seen.add(name)
        if members < 1:
            raise ValueError(f"代表团“{name}”的会员人数须大于0（现为{members}）。")
    if seats < minimum * len(delegations):
        raise ValueError(
            f"代表名额总数（{seats}名）少于各代表团保底名额之和"
            f"（{len(delegations)}个代表团×{minimum}名={minimum * len(delegations)}名）。"
        )
