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
    _sizes(committee, "丙", [None, None, None, 1])  # ties among nulls, ordered by the next column
    compiled.clear()
    rows = values_rows(("test", order), _build(committee), FirstOfEach("group", order, 3))
    everything = values_rows(("test all",), _build(committee))
    sign = -1 if order[0].startswith("-") else 1

    def wanted(group):
        found = [(pk, employees) for g, pk, employees in everything if g == group]
        ordered = sorted(found, key=lambda r: (r[1] is None, sign * (r[1] or 0), sign * r[0]))  # nulls last
        return ordered[:3], len(found)

    for group in ("甲", "乙", "丙"):
        first, count = wanted(group)
        assert [(pk, employees) for g, pk, employees, _ in rows if g == group] == first
        assert {n for g, *_, n in rows if g == group} == {count}
    assert len(rows) == 3 + 2 + 3 and len(everything) == 11


def test_a_group_without_rows_sends_none(committee):
    _sizes(committee, "甲", [1])
    compiled.clear()
    rows = values_rows(("test one",), _build(committee), FirstOfEach("group", ("pk",), 3))
    assert [g for g, *_ in rows] == ["甲"]  # 乙 and 丙 have no rows, so no count either
