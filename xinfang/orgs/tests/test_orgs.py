import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xinfang.lib.creditcode import make_credit_code
from xinfang.orgs.models import Employer, Org, OrgKind


def test_subtree_is_one_query_and_excludes_siblings(federation, committee, other_committee):
    union = Org.objects.create(name="某公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
    with CaptureQueriesContext(connection) as queries:
        names = set(Org.objects.subtree(committee).values_list("name", flat=True))
    assert len(queries) == 1
    assert names == {committee.name, union.name}


def test_moving_an_org_moves_its_subtree(federation, committee, other_committee):
    union = Org.objects.create(name="某公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
    committee.parent = other_committee
    committee.save()
    union.refresh_from_db()
    assert union.path.startswith(other_committee.path) and union in Org.objects.subtree(other_committee)


def test_an_org_cannot_move_below_itself(federation, committee):
    union = Org.objects.create(name="某公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
    committee.parent = union
    with pytest.raises(ValidationError) as e:
        committee.full_clean()
    assert e.value.message_dict["parent"] == ["上级组织不能是本组织或其下级组织。"]


def test_employer_credit_code_is_checked_and_unique(committee):
    code = make_credit_code("91440303MA5DC1111")
    Employer.objects.create(name="甲公司", credit_code=code)
    twin = Employer(name="乙公司", credit_code=code)
    with pytest.raises(ValidationError) as e:
        twin.full_clean()
    assert "已有单位使用该统一社会信用代码。" in str(e.value)
    wrong = Employer(name="丙公司", credit_code=code[:17] + ("0" if code[17] != "0" else "1"))
    with pytest.raises(ValidationError) as e:
        wrong.full_clean()
    assert "校验位错误" in e.value.message_dict["credit_code"][0]


def test_many_employers_without_credit_code_are_allowed(committee):
    Employer.objects.create(name="个体户甲")
    Employer.objects.create(name="个体户乙")
    assert Employer.objects.filter(credit_code="").count() == 2


def test_moving_an_org_moves_its_petitions_into_the_new_scope(
    federation, committee, other_committee, committee_registrar, make_petition
):
    from xinfang.petitions.models import Petition

    union = Org.objects.create(name="某公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
    petition = make_petition(committee_registrar, org_id=union.pk)
    assert list(Petition.objects.within(committee)) == [petition]
    union.parent = other_committee
    union.save()
    assert list(Petition.objects.within(committee)) == []
    assert list(Petition.objects.within(other_committee)) == [petition]
    assert list(Petition.objects.within(federation)) == [petition]
