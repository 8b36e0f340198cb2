from datetime import date

import pytest

from xinfang.accounts.models import Role, User
from xinfang.conftest import PASSWORD
from xinfang.unions.actions import register_union
from xinfang.unions.inputs import UnionIn


@pytest.fixture
def committee_clerk(committee):
    return User.objects.create_user(
        username="committee_clerk", password=PASSWORD, name="东湖登记", role=Role.REGISTRAR, org=committee
    )


@pytest.fixture
def make_union(registrar, committee):
    def make(name="鸿寅电子有限公司工会", by=None, **overrides):
        data = {"name": name, "kind": "single", "founded_on": date(2026, 3, 18), "org_id": committee.pk}
        data.update(overrides)
        return register_union(by=by or registrar, data=UnionIn(**data))

    return make
