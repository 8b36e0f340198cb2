"""A confidential accusation of 东湖, the users of 清水河 who must learn nothing of it, and mediation cases."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from xinfang.accounts.models import Role, User
from xinfang.lib.idnumber import make_id_number
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.petitions.inputs import PetitionerIn
from xinfang.petitions.models import Kind

PASSWORD = "Testing-password-2026"
ACCUSER = "王秘密"
ACCUSER_PHONE = "13912345678"
ACCUSER_ADDRESS = "东湖街道秘密路8号"


@pytest.fixture
def other_registrar(other_committee):
    """A registrar of 清水河 (the `qingshuihe` of the probe)."""
    return User.objects.create_user(
        username="qingshuihe",
        password=PASSWORD,
        name="清水河登记员",
        role=Role.REGISTRAR,
        org=other_committee,
    )


@pytest.fixture
def accuser_id():
    return make_id_number("440304", timezone.localdate().replace(year=1979), 456)


@pytest.fixture
def accusation(committee_registrar, make_petition, accuser_id):
    """A confidential 检举控告 case registered by 东湖."""
    petition = make_petition(
        committee_registrar,
        kind=Kind.ACCUSATION,
        is_confidential=True,
        petitioners=[
            PetitionerIn(name=ACCUSER, id_number=accuser_id, phone=ACCUSER_PHONE, address=ACCUSER_ADDRESS)
        ],
    )
    assert petition.is_confidential
    return petition


@pytest.fixture
def mediate(handler, employer, valid_id):
    """Register a mediation case of the federation's handler, owned by ``org`` (default: the federation)."""

    def make(name="张三", id_number=valid_id, org=None):
        data = MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=2),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name=name, id_number=id_number, phone="13812345678")],
            employer_id=employer.pk,
            amount_claimed=Decimal("18000.00"),
            org_id=org.pk if org else None,
        )
        return register_mediation(by=handler, data=data)

    return make
