"""The workers' home tests' fixtures: this year's checklist, grassroots unions, and the import runner."""

from decimal import Decimal

import pytest
from django.utils import timezone

from xinfang.homes.models import Checklist, ChecklistItem
from xinfang.imports.tests.conftest import run_import  # noqa: F401  (the fixture)
from xinfang.orgs.models import Org, OrgKind


@pytest.fixture
def checklist(db):
    """This year's checklist: three items, 40 + 40 + 20, pass at 80."""
    today = timezone.localdate()
    c = Checklist.objects.create(year=today.year, title="职工之家验收标准", pass_score=Decimal(80))
    for n, (title, full) in enumerate([("组织建设", 40), ("民主管理", 40), ("服务职工", 20)], start=1):
        ChecklistItem.objects.create(checklist=c, number=n, title=title, max_score=Decimal(full))
    return c


@pytest.fixture
def unions(committee):
    return [
        Org.objects.create(name=f"第{i}家公司工会", kind=OrgKind.GRASSROOTS, parent=committee)
        for i in range(4)
    ]
