from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from xinfang.figures.registry import Period, compute
from xinfang.lib.exceptions import NotAllowed
from xinfang.orgs.models import Employer
from xinfang.unions.actions import (
    cover_employer,
    end_coverage,
    end_union,
    record_batch,
    record_headcount,
    record_transfer_in,
)
from xinfang.unions.figures import FIGURES
from xinfang.unions.inputs import CoverageEndIn, CoverageIn, HeadcountIn, MemberBatchIn, UnionEndIn, UnionIn
from xinfang.unions.models import Coverage, GrassrootsUnion, MemberBatch, Origin, UnionStatus

pytestmark = pytest.mark.django_db


def test_register_union_records_its_owner_and_event(make_union, committee):
    union = make_union()
    assert union.org == committee and union.origin == Origin.FOUNDED
    assert union.org_level2 == committee.pk
    assert [e.kind for e in union.events.all()] == ["founded"]


def test_name_is_unique_with_a_message_naming_the_field(make_union):
    make_union()
    with pytest.raises(ValidationError) as e:
        make_union()
    assert "已有名为" in e.value.message_dict["name"][0]


def test_members_above_workers_refused(make_union):
    with pytest.raises(ValidationError) as e:
        make_union(workers=10, members=11)
    assert "不能多于职工人数" in e.value.message_dict["members"][0]
    assert not GrassrootsUnion.objects.exists()


def test_leader_may_not_register(make_union, leader):
    with pytest.raises(NotAllowed):
        make_union(by=leader)


def test_transfer_in_is_its_own_kind_and_counted_apart(registrar, committee, make_union):
    make_union()
    with pytest.raises(ValidationError) as e:
        record_transfer_in(
            by=registrar,
            data=UnionIn(
                name="改制公司工会", kind="single", founded_on=date(2001, 5, 1), org_id=committee.pk
            ),
        )
    assert set(e.value.message_dict) == {"transferred_on", "transferred_from"}
    moved = record_transfer_in(
        by=registrar,
        data=UnionIn(
            name="改制公司工会", kind="single", founded_on=date(2001, 5, 1), org_id=committee.pk,
            transferred_on=date(2026, 6, 1), transferred_from="市国资委工会",
        ),
    )  # fmt: skip
    assert moved.origin == Origin.TRANSFERRED_IN
    values = {f.key: v for f, v in compute(FIGURES, user=registrar, period=Period.year(2026))}
    assert values["founded"] == 1 and values["transferred_in"] == 1
    # founded in 2001, but transferred in in 2026: not among the unions founded of 2001 either
    values_2001 = {f.key: v for f, v in compute(FIGURES, user=registrar, period=Period.year(2001))}
    assert values_2001["founded"] == 0 and values_2001["transferred_in"] == 0


def test_an_employer_covered_by_two_unions_at_once_is_refused(make_union, registrar, employer):
    first = make_union(kind="joint", name="东湖第一联合工会")
    second = make_union(kind="joint", name="东湖第二联合工会")
    cover_employer(
        union=first, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 4, 1))
    )
    with pytest.raises(ValidationError) as e:
        cover_employer(
            union=second, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 5, 1))
        )
    message = e.value.message_dict["employer"][0]
    assert "已由“东湖第一联合工会”覆盖" in message and "同一时间只能由一个基层工会覆盖" in message
    assert Coverage.objects.filter(employer=employer).count() == 1


def test_the_database_holds_one_open_coverage_per_employer(make_union, employer):
    first = make_union(kind="joint", name="甲联合工会")
    second = make_union(kind="joint", name="乙联合工会")
    Coverage.objects.create(union=first, employer=employer, start_on=date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Coverage.objects.create(union=second, employer=employer, start_on=date(2026, 5, 1))


def test_coverage_history_after_ending_and_overlap_refused(make_union, registrar, employer):
    first = make_union(kind="joint", name="甲联合工会")
    second = make_union(kind="joint", name="乙联合工会")
    coverage = cover_employer(
        union=first, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 4, 1))
    )
    first.refresh_from_db()
    end_coverage(coverage=coverage, by=registrar, data=CoverageEndIn(end_on=date(2026, 6, 30)))
    # a period overlapping the ended one is still refused
    with pytest.raises(ValidationError):
        cover_employer(
            union=second, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 6, 30))
        )
    cover_employer(
        union=second, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 7, 1))
    )
    assert list(
        Coverage.objects.filter(employer=employer).order_by("start_on").values_list("union__name", "end_on")
    ) == [
        ("甲联合工会", date(2026, 6, 30)),
        ("乙联合工会", None),
    ]
    assert Employer.objects.get(pk=employer.pk).has_union


def test_single_employer_union_covers_one_employer(make_union, registrar, employer, committee):
    union = make_union()
    other = Employer.objects.create(name="另一家公司", org=committee)
    cover_employer(
        union=union, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 4, 1))
    )
    union.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        cover_employer(
            union=union, by=registrar, data=CoverageIn(employer_id=other.pk, start_on=date(2026, 4, 1))
        )
    assert "联合基层工会" in e.value.message_dict["employer"][0]


def test_batch_parts_at_most_the_count(make_union, registrar):
    union = make_union()
    with pytest.raises(ValidationError) as e:
        record_batch(
            by=registrar,
            data=MemberBatchIn(
                union_id=union.pk, on=date(2026, 6, 1), count=10, migrant_workers=11, women=12
            ),
        )
    assert set(e.value.message_dict) == {"migrant_workers", "women"}
    assert not MemberBatch.objects.exists()
    batch = record_batch(
        by=registrar,
        data=MemberBatchIn(union_id=union.pk, on=date(2026, 6, 1), count=10, migrant_workers=10, women=3),
    )
    assert batch.org_level2 == union.org_level2
    values = {f.key: v for f, v in compute(FIGURES, user=registrar, period=Period.year(2026))}
    assert (
        values["enrolled"],
        values["enrolled_migrant"],
        values["enrolled_women"],
        values["transferred_out"],
    ) == (10, 10, 3, 0)


def test_batch_of_another_committees_union_is_refused(make_union, outsider):
    union = make_union()
    with pytest.raises(ValidationError) as e:
        record_batch(by=outsider, data=MemberBatchIn(union_id=union.pk, on=date(2026, 6, 1), count=1))
    assert "union" in e.value.message_dict


def test_headcount_with_stale_version_conflicts(make_union, registrar):
    from xinfang.lib.exceptions import Conflict

    union = make_union()
    record_headcount(
        union=union,
        by=registrar,
        data=HeadcountIn(workers=100, members=80, counted_on=date(2026, 6, 1), version=1),
    )
    with pytest.raises(Conflict):
        record_headcount(
            union=union,
            by=registrar,
            data=HeadcountIn(workers=100, members=90, counted_on=date(2026, 7, 1), version=1),
        )
    assert GrassrootsUnion.objects.get(pk=union.pk).members == 80


def test_merge_moves_open_coverage_to_the_union_joined(make_union, registrar, employer):
    old = make_union(kind="joint", name="甲联合工会")
    new = make_union(kind="joint", name="乙联合工会")
    cover_employer(
        union=old, by=registrar, data=CoverageIn(employer_id=employer.pk, start_on=date(2026, 4, 1))
    )
    old.refresh_from_db()
    end_union(
        union=old,
        by=registrar,
        data=UnionEndIn(ended_on=date(2026, 9, 30), merged_into_id=new.pk, version=old.version),
    )
    old.refresh_from_db()
    assert old.status == UnionStatus.MERGED and old.merged_into == new
    current = Coverage.objects.get(employer=employer, end_on__isnull=True)
    assert current.union == new and current.start_on == date(2026, 10, 1)
