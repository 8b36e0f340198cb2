"""The mediation queues a mediator needs each morning, on the home page and as the list's filter, within the
mediation scope rule."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from xinfang.mediations.actions import accept_mediation, conclude_mediation, register_mediation, settle_by
from xinfang.mediations.inputs import AcceptIn, MediationConclusionIn, MediationIn, WorkerIn
from xinfang.mediations.models import Mediation, Performance, Status

TO_ACCEPT, DEADLINE, PERFORMANCE = "待受理的调解申请", "调解中、15日期限将满或已满", "协议履行期限已过未履行"


@pytest.fixture
def register(handler, employer, valid_id):
    def make(days_ago: int) -> Mediation:
        data = MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate() - timedelta(days=days_ago),
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id)],
            employer_id=employer.pk,
        )
        return register_mediation(by=handler, data=data)

    return make


def accept(m: Mediation, by) -> Mediation:
    return accept_mediation(mediation=m, by=by, data=AcceptIn(version=m.version, accepted_on=m.received_on))


def panels(client) -> dict:
    return {p["title"]: p for p in client.get(reverse("home")).context["panels"]}


def test_a_new_application_waits_in_the_handlers_queue_and_nowhere_else(
    client, handler, registrar, outsider, register
):
    m = register(days_ago=1)
    client.force_login(handler)
    queue = panels(client)[TO_ACCEPT]
    assert queue["count"] == "1" and [r.number for r in queue["rows"]] == [m.number]
    assert queue["rows"][0].link == reverse("mediations:detail", args=[m.pk])
    assert queue["link"] == f"{reverse('mediations:list')}?queue=to_accept"
    assert panels(client)[DEADLINE]["count"] == "0"
    client.force_login(outsider)  # another committee's handler: outside the mediation scope
    assert panels(client)[TO_ACCEPT]["count"] == "0"
    assert m.number not in client.get(reverse("home")).content.decode()
    client.force_login(registrar)  # registers applications, does not act on them
    assert TO_ACCEPT not in panels(client)


def test_a_case_whose_15_days_end_soon_or_ended_is_in_the_deadline_queue_most_urgent_first(
    client, handler, register
):
    ended = accept(register(days_ago=30), handler)
    # A case whose 15 days (from the day after receipt, rolled past rest days) end within the due-soon window,
    # whatever weekday the test runs on.
    today = timezone.localdate()
    days_ago = next(n for n in range(10, 20) if 1 <= (settle_by(today - timedelta(days=n)) - today).days <= 3)
    ending = accept(register(days_ago=days_ago), handler)
    early = accept(register(days_ago=1), handler)
    call_command("tick")  # records the lapse of the first
    due = settle_by(ending.received_on)
    assert ending.settle_by == due
    client.force_login(handler)
    queue = panels(client)[DEADLINE]
    assert [r.number for r in queue["rows"]] == [ended.number, ending.number]
    assert queue["rows"][1].due_on == due
    assert [b.text for b in queue["rows"][0].badges] == ["已届满"]
    listed = client.get(reverse("mediations:list"), {"queue": "deadline"}).context["page"].items
    assert {m.number for m in listed} == {ended.number, ending.number} and early.number not in str(listed)


def test_a_settled_case_past_its_performance_date_waits_until_performance_is_recorded(
    client, handler, register
):
    m = accept(register(days_ago=10), handler)
    m = conclude_mediation(
        mediation=m,
        by=handler,
        data=MediationConclusionIn(
            version=m.version,
            result=Status.SETTLED,
            result_on=timezone.localdate(),
            agreement_terms="被申请人支付申请人工资一万元。",
            amount_agreed=Decimal("10000.00"),
            performance_due_on=timezone.localdate() + timedelta(days=10),
            performance_manner="银行转账",
        ),
    )
    client.force_login(handler)
    assert panels(client)[PERFORMANCE]["count"] == "0"
    Mediation.objects.filter(pk=m.pk).update(performance_due_on=timezone.localdate() - timedelta(days=1))
    assert [r.number for r in panels(client)[PERFORMANCE]["rows"]] == [m.number]
    Mediation.objects.filter(pk=m.pk).update(performance=Performance.PERFORMED)
    assert panels(client)[PERFORMANCE]["count"] == "0"
