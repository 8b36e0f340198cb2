"""The demo part (chains of renewed contracts in every state, in bulk, once) and the home-page queues it fills."""

import random

import pytest
from django.urls import reverse
from django.utils import timezone

from xinfang.accounts.abilities import Role
from xinfang.accounts.models import User
from xinfang.contracts.demo import make_demo
from xinfang.contracts.models import ClockKind, Contract, ContractClock, Status
from xinfang.contracts.rules import majority, quorum
from xinfang.inbox.queues import queues_for
from xinfang.lib import contractdates

from .conftest import run_tick


@pytest.fixture
def demo(federation, committee, other_committee, employer):
    User.objects.create_user(
        username="chengban", password="x", name="承办", role=Role.HANDLER, org=federation
    )
    assert make_demo(federation, 120, random.Random(7)) == 120
    return Contract.objects.all()


def test_the_demo_builds_valid_contracts_once(demo, federation):
    assert make_demo(federation, 120, random.Random(7)) == 0
    assert demo.count() == 120
    assert {c.status for c in demo} >= {Status.EFFECTIVE}
    for c in demo:
        assert c.representatives_present >= quorum(c.representatives_total)
        assert c.votes_for >= majority(c.representatives_total)
        assert contractdates.term_problem(c.starts_on, c.ends_on) is None
        assert c.renewal_opens_on == contractdates.renewal_opens_on(c.ends_on)
        if c.predecessor_id:
            assert c.predecessor.ends_on < c.starts_on
    running = ContractClock.objects.filter(stopped_at__isnull=True)
    assert set(running.values_list("kind", flat=True)) <= {ClockKind.FILING, ClockKind.REVIEW}
    assert not running.filter(contract__status=Status.EFFECTIVE).exists()
    assert len({c.number for c in demo}) == 120


def test_the_queues_show_what_waits_within_scope(demo, handler, outsider, client):
    today = timezone.localdate()
    keys = [q.key for q in queues_for(handler) if q.ledger == "contracts"]
    assert keys == ["contracts.filing_due", "contracts.in_review", "contracts.expiring"]
    expiring = next(q for q in queues_for(handler) if q.key == "contracts.expiring")
    expected = Contract.objects.visible_to(handler).expiring(today).count()
    assert expiring.count(handler, 1000) == expected
    for row in expiring.rows(handler, 6):
        c = Contract.objects.get(pk=row.pk)
        assert c.renewal_opens_on <= today <= c.ends_on and row.due_on == c.ends_on
    mine = Contract.objects.visible_to(outsider).expiring(today).count()
    assert expiring.count(outsider, 1000) == mine <= expected
    client.force_login(handler)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(expiring.link(handler)).status_code == 200


def test_tick_over_the_demo_reminds_each_expiring_contract_once(demo, handler):
    today = timezone.localdate()
    waiting = Contract.objects.expiring(today).filter(renewal_noted_at__isnull=True).count()
    assert f"集体合同临近期满提醒续订 {waiting} 份" in run_tick()
    assert "集体合同临近期满提醒续订 0 份" in run_tick()


def test_the_queues_read_together_count_and_show_what_each_reads_alone(demo, handler, outsider):
    from xinfang.contracts.queues import read_together

    for user in (handler, outsider):
        queues = [q for q in queues_for(user) if q.read_group is read_together]
        assert [q.key for q in queues] == [
            "contracts.filing_due",
            "contracts.in_review",
            "contracts.expiring",
        ]
        for limit, size in ((100, 6), (2, 1)):
            together = read_together(user, [q.key for q in queues], limit, size)
            for queue in queues:
                count, rows = together[queue.key]
                assert count == queue.count(user, limit), queue.title
                assert rows == queue.rows(user, size), queue.title
    together = read_together(handler, ["contracts.expiring"], 1000, 6)
    assert (
        together["contracts.expiring"][0]
        == Contract.objects.visible_to(handler).expiring(timezone.localdate()).count()
    )
