"""Personas shared by every test: a federation with two working committees, and one user per role.

Every test runs on a frozen clock (``frozen_clock``), so no test depends on the hour or the date it runs at.
"""

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from xinfang.accounts.models import Role, User
from xinfang.audit.testing import audit_flushable, committed_db  # noqa: F401  (fixtures for every test)
from xinfang.lib.creditcode import make_credit_code
from xinfang.lib.idnumber import make_id_number
from xinfang.orgs.models import Employer, Org, OrgKind
from xinfang.petitions.actions import register_petition
from xinfang.petitions.inputs import IntakeDecisionIn, PetitionerIn, PetitionIn
from xinfang.petitions.models import Category, Channel, Kind

PASSWORD = "Testing-password-2026"

# The instant every test starts at: 10:00 in Beijing, an ordinary Wednesday in the last year the holiday package
# covers. ``XINFANG_TEST_NOW`` (ISO 8601 with a zone) moves it: CI runs the suite once more at 23:30 UTC, when the
# Beijing date is already the next day, so that a test mixing UTC dates with Beijing dates fails in CI, not at night.
TEST_NOW = datetime.fromisoformat(os.environ.get("XINFANG_TEST_NOW", "2026-11-25T02:00:00+00:00"))
if TEST_NOW.tzinfo is None:
    raise RuntimeError("XINFANG_TEST_NOW needs a time zone, e.g. 2026-11-25T23:30:00+00:00")


@pytest.fixture(autouse=True)
def frozen_clock():
    """Start each test at TEST_NOW; the clock then runs on (``tick``), so timestamps stay ordered. A test that
    needs another day travels inside this one (``time_machine.travel``)."""
    with time_machine.travel(TEST_NOW.astimezone(UTC), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def source_static_files(settings):
    """Pages name the static files by their source names: the hashed names of production need ``collectstatic``
    first, which ``make run`` and ``make serve`` do and a test need not."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Background tasks run at once, inside the request or command that queues them (the immediate backend); a
    test about the worker switches back to the database backend (xinfang/imports/tests/test_worker.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def federation(db):
    return Org.objects.create(name="测试区总工会", kind=OrgKind.FEDERATION, petition_prefix="测工信")


@pytest.fixture
def committee(federation):
    return Org.objects.create(name="东湖街道工委会", kind=OrgKind.COMMITTEE, parent=federation)


@pytest.fixture
def other_committee(federation):
    return Org.objects.create(name="清水河街道工委会", kind=OrgKind.COMMITTEE, parent=federation)


@pytest.fixture
def upper(db):
    return Org.objects.create(name="市总工会", kind=OrgKind.UPPER)


def _user(username, role, org, **extra):
    user = User.objects.create_user(
        username=username, password=PASSWORD, name=username, role=role, org=org, **extra
    )
    return user


@pytest.fixture
def registrar(federation):
    return _user("registrar", Role.REGISTRAR, federation)


@pytest.fixture
def handler(federation):
    return _user("handler", Role.HANDLER, federation)


@pytest.fixture
def approver(federation):
    return _user("approver", Role.APPROVER, federation)


@pytest.fixture
def leader(federation):
    return _user("leader", Role.LEADER, federation)


@pytest.fixture
def administrator(federation):
    return _user("administrator", Role.ADMINISTRATOR, federation, is_staff=True, is_superuser=True)


@pytest.fixture
def committee_registrar(committee):
    return _user("committee_registrar", Role.REGISTRAR, committee)


@pytest.fixture
def outsider(other_committee):
    """A handler of another working committee: sees nothing of the first committee's cases."""
    return _user("outsider", Role.HANDLER, other_committee)


@pytest.fixture
def category(db):
    return Category.objects.filter(parent__isnull=False, name="拖欠工资").get()


@pytest.fixture
def employer(committee):
    return Employer.objects.create(
        name="鸿寅电子有限公司", credit_code=make_credit_code("91440303MA5DC1234"), org=committee
    )


@pytest.fixture
def valid_id():
    return make_id_number("440303", timezone.localdate().replace(year=1985), 123)


@pytest.fixture
def petition_input(category, valid_id):
    """A factory of valid registration input; keyword arguments override fields."""

    def make(**overrides):
        data = {
            "channel": Channel.VISIT,
            "received_at": timezone.now() - timedelta(hours=1),
            "kind": Kind.CLAIM,
            "category_id": category.pk,
            "request": "要求支付拖欠工资。",
            "facts": "单位拖欠三个月工资。",
            "reasons": "依法应按月足额支付工资。",
            "petitioners": [PetitionerIn(name="张三", id_number=valid_id, phone="13812345678")],
        }
        data.update(overrides)
        return PetitionIn(**data)

    return make


@pytest.fixture
def make_petition(petition_input):
    """Register a petition through the real action."""

    def make(by, **overrides):
        return register_petition(by=by, data=petition_input(**overrides))

    return make


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Attachments and documents of a test go to its own folder."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "files"
    return settings.PRIVATE_FILES_ROOT


@pytest.fixture
def grassroots(committee):
    return Org.objects.create(name="鸿寅电子有限公司工会", kind=OrgKind.GRASSROOTS, parent=committee)


@pytest.fixture
def committee_handler(committee):
    return _user("committee_handler", Role.HANDLER, committee)


@pytest.fixture
def accepted(registrar, handler, make_petition):
    """A petition accepted by the federation's handler."""
    from xinfang.petitions.actions import decide_intake
    from xinfang.petitions.models import IntakeDecision

    petition = make_petition(registrar)
    return decide_intake(
        petition=petition, by=handler, data=IntakeDecisionIn(decision=IntakeDecision.ACCEPT, version=1)
    )


def pytest_configure(config):
    """Passwords hashed with a fast hasher: the personas are created in almost every test, and the production
    hasher's many iterations would be most of the suite's time. Login behaviour does not depend on the hasher."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
