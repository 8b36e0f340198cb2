"""Kept statements (``lib.compiled``): the first rows of each group with the group's count, as Python would pick
them, on both backends."""

import pytest
from django.db.models import CharField, Value

from xinfang.lib import compiled
from xinfang.lib.compiled import FirstOfEach, values_rows
from xinfang.orgs.models import Employer


def _sizes(org, group, sizes):
    for i, size in enumerate(sizes):
        Employer.objects.create(name=f"{group}公司{i}", org=org, employees=size)


def _build(org):
    def build():
        members = [
            Employer.objects.filter(org=org, name__startswith=group)
            .annotate(group=Value(group, output_field=CharField()))
            .values_list("group", "pk", "employees")
            .order_by()
            for group in ("甲", "乙", "丙")
        ]
        return members[0].union(*members[1:], all=True)

    return build


@pytest.mark.parametrize("order", [("employees", "pk"), ("-employees", "-pk")])
def test_the_first_of_each_group_come_back_in_order_with_the_groups_count(committee, order):
    _sizes(committee, "甲", [30, None, 10, 20, 10])
    _sizes(committee, "乙", [None, 5])
    compiled.clear()
    rows = values_rows(("test", order), _build(committee), FirstOfEach("group", order, 3))
    everything = values_rows(("test all",), _build(committee))

    def wanted(group):
        found = [(pk, employees) for g, pk, employees in everything if g == group]
        present = sorted((r for r in found if r[1] is not None), key=lambda r: (r[1], r[0]))
        if order[0].startswith("-"):
            present.reverse()
        return [*present, *(r for r in sorted(found) if r[1] is None)][:3], len(found)  # nulls last

    for group in ("甲", "乙"):
        first, count = wanted(group)
        got = [(pk, employees) for g, pk, employees, _ in rows if g == group]
        assert got == first
        assert {n for g, *_, n in rows if g == group} == {count}
    assert not [r for r in rows if r[0] == "丙"]  # an empty group: no rows
    assert len([r for r in rows if r[0] == "甲"]) == 3 and len(everything) == 7
