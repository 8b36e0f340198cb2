from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xinfang.lib.exceptions import NotAllowed
from xinfang.lib.targets import completion_text
from xinfang.targets.actions import set_targets, split, split_target
from xinfang.targets.completion import table
from xinfang.targets.inputs import TargetCellIn, TargetSplitIn, TargetTableIn
from xinfang.targets.models import Target
from xinfang.unions.actions import register_union
from xinfang.unions.inputs import UnionIn

pytestmark = pytest.mark.django_db


def _found(by, org, n, year=2026):
    for i in range(n):
        register_union(
            by=by,
            data=UnionIn(
                name=f"{org.name}{year}第{i}工会", kind="single", founded_on=date(year, 3, 1), org_id=org.pk
            ),
        )


@pytest.mark.parametrize(
    ("done", "target", "text"),
    [
        (50, 50, "完成任务的100.0%"),  # exactly the target
        (100, 50, "超额完成1倍"),  # exactly twice
        (99, 50, "完成任务的198.0%"),  # just below twice
        (554, 50, "超额完成10多倍"),  # the sample summary's 东湖街道
        (1371, 500, "超额完成1多倍"),
        (3, 0, "无任务数"),  # a target of zero
        (0, 0, "无任务数"),
    ],
)
def test_completion_wording_edges(done, target, text):
    assert completion_text(done=done, target=target) == text


def test_table_per_committee_with_report_wording(approver, registrar, committee, other_committee):
    _found(registrar, committee, 4)
    _found(registrar, other_committee, 3)
    _found(registrar, committee, 2, year=2025)  # another year: not counted
    set_targets(
        by=approver,
        data=TargetTableIn(
            year=2026,
            cells=[
                TargetCellIn(org_id=committee.pk, figure="unions.founded", value=2),
                TargetCellIn(org_id=other_committee.pk, figure="unions.founded", value=3),
                TargetCellIn(org_id=committee.pk, figure="unions.enrolled", value=0),
            ],
        ),
    )
    columns, rows, total = table(user=approver, org=approver.org, year=2026)
    keys = [f"{f.ledger}.{f.key}" for f in columns]
    assert keys[:2] == ["unions.founded", "unions.enrolled"]
    by_unit = {unit.pk: cells for unit, cells in rows}
    assert [(c.done, c.text) for c in by_unit[committee.pk][:2]] == [(4, "超额完成1倍"), (0, "无任务数")]
    assert (by_unit[other_committee.pk][0].done, by_unit[other_committee.pk][0].text) == (
        3,
        "完成任务的100.0%",
    )
    assert by_unit[other_committee.pk][1].text == "未下达"
    assert (total[0].target, total[0].done, total[0].text) == (5, 7, "完成任务的140.0%")


def test_only_approvers_set_targets_and_only_below_their_org(registrar, approver, committee, federation):
    cells = [TargetCellIn(org_id=committee.pk, figure="unions.founded", value=5)]
    with pytest.raises(NotAllowed):
        set_targets(by=registrar, data=TargetTableIn(year=2026, cells=cells))
    with pytest.raises(ValidationError) as e:
        set_targets(
            by=approver,
            data=TargetTableIn(
                year=2026,
                cells=[TargetCellIn(org_id=federation.pk, figure="unions.founded", value=5), *cells],
            ),
        )
    assert "下属的工委会" in e.value.message_dict["cells"][0]
    assert not Target.objects.exists()  # nothing half-saved
    with pytest.raises(ValidationError):
        set_targets(
            by=approver,
            data=TargetTableIn(
                year=2026, cells=[TargetCellIn(org_id=committee.pk, figure="nope.x", value=5)]
            ),
        )
    assert set_targets(by=approver, data=TargetTableIn(year=2026, cells=cells)) == 1
    assert set_targets(by=approver, data=TargetTableIn(year=2026, cells=cells)) == 0  # unchanged
    assert (
        set_targets(
            by=approver,
            data=TargetTableIn(
                year=2026, cells=[TargetCellIn(org_id=committee.pk, figure="unions.founded", value=None)]
            ),
        )
        == 1
    )
    assert not Target.objects.exists()


def test_split_by_largest_remainder(committee, other_committee):
    assert split(10, [(committee, 1), (other_committee, 1)]) == {committee.pk: 5, other_committee.pk: 5}
    assert split(7, [(committee, 2), (other_committee, 1)]) == {
        committee.pk: 5,
        other_committee.pk: 2,
    }  # 4.67 / 2.33
    assert split(5, [(committee, 0), (other_committee, 3)]) == {committee.pk: 0, other_committee.pk: 5}
    assert split(0, [(committee, 1)]) == {committee.pk: 0}


def test_split_target_sets_each_committee(approver, committee, other_committee):
    shares = split_target(
        by=approver, data=TargetSplitIn(year=2026, figure="unions.founded", total=9, basis="equal")
    )
    assert sorted(shares.values()) == [4, 5]
    assert sum(Target.objects.filter(year=2026).values_list("value", flat=True)) == 9


def test_the_pages_label_each_target_and_span_the_empty_row(client, approver, committee, committee_registrar):
    client.force_login(approver)
    entry = client.get(reverse("targets:entry"), {"year": 2026}).content.decode()
    # One input per committee and indicator, each named by both (a screen reader and a test find it so).
    assert f'name="t-{committee.pk}-unions.founded"' in entry
    assert f'aria-label="{committee.name}工会组建任务数"' in entry
    assert f'aria-label="{committee.name}发展会员任务数"' in entry
    # A committee without committees below it: the note spans the unit's column and three per indicator.
    client.force_login(committee_registrar)
    page = client.get(reverse("targets:completion"), {"year": 2026})
    span = 1 + 3 * len(page.context["columns"])
    assert f'<td colspan="{span}" class="text-muted">没有下属工委会。</td>' in page.content.decode()
