from datetime import date

import pytest
from django.test import override_settings

from xinfang.orgs.models import Employer
from xinfang.unions import organising
from xinfang.unions.actions import cover_employer
from xinfang.unions.inputs import CoverageIn
from xinfang.unions.models import GrassrootsUnion

pytestmark = pytest.mark.django_db


def test_scope_owner_and_above_see_others_do_not(make_union, registrar, committee_clerk, outsider):
    union = make_union()
    assert GrassrootsUnion.objects.visible_to(registrar).filter(pk=union.pk).exists()
    assert GrassrootsUnion.objects.visible_to(committee_clerk).filter(pk=union.pk).exists()
    assert not GrassrootsUnion.objects.visible_to(outsider).exists()


def test_working_list(make_union, registrar, committee, outsider):
    joint = make_union(kind="joint", name="东湖联合工会")
    big = Employer.objects.create(name="大公司", org=committee, employees=80)
    small = Employer.objects.create(name="小店", org=committee, employees=6)
    bare = Employer.objects.create(name="未建会公司", org=committee, employees=300)
    said = Employer.objects.create(name="名录称已建会公司", org=committee, employees=40, has_union=True)
    cover_employer(
        union=joint,
        by=registrar,
        data=CoverageIn(employer_id=big.pk, start_on=date(2026, 4, 1), members=25, workers=30),
    )
    joint.refresh_from_db()
    cover_employer(
        union=joint,
        by=registrar,
        data=CoverageIn(employer_id=small.pk, start_on=date(2026, 4, 1), members=24, workers=24),
    )
    assert [c.employer for c in organising.short_of_committee(registrar)] == [big]
    assert set(organising.without_union(registrar)) == {bare}
    assert set(organising.unrecorded(registrar)) == {said}
    assert not organising.short_of_committee(outsider).exists()
    assert not organising.without_union(outsider).exists()
    with override_settings(UNIONS={"OBLIGATION_MEMBERS": 24}):
        assert {c.employer for c in organising.short_of_committee(registrar)} == {big, small}


def test_rates_with_their_bases(make_union, registrar, committee):
    union = make_union(workers=100, members=45)
    a = Employer.objects.create(name="甲", org=committee, employees=100)
    Employer.objects.create(name="乙", org=committee, employees=30)
    Employer.objects.create(name="丙", org=committee, employees=10)
    cover_employer(
        union=union,
        by=registrar,
        data=CoverageIn(employer_id=a.pk, start_on=date(2026, 4, 1), members=60, workers=80),
    )
    rates = organising.rates(registrar)
    assert (rates.founding.numerator, rates.founding.denominator) == (1, 2)  # 职工25人以上：甲、乙
    assert str(rates.founding) == "50.0%"
    assert str(rates.membership) == "45.0%"
    with override_settings(UNIONS={"FOUNDING_BASE": "registry", "MEMBERSHIP_BASE": "coverage"}):
        rates = organising.rates(registrar)
        assert (rates.founding.numerator, rates.founding.denominator) == (1, 3)
        assert str(rates.membership) == "75.0%"


def test_rates_without_a_base_have_no_value(registrar):
    rates = organising.rates(registrar)
    assert str(rates.founding) == "—" and str(rates.membership) == "—"
