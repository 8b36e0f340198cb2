"""The contract's pages through the kit: registering (and renewing, by the predecessor's number) on the create
page, correcting on the edit page (a stale version refused, the filing clock restarted with a new signing date),
the steps on the contract's page, the link to the congress that adopted the draft."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xinfang.congresses.models import Congress
from xinfang.contracts.actions import update_contract
from xinfang.contracts.models import ClockKind, Contract, EventKind, Status
from xinfang.lib.exceptions import Conflict

from .conftest import contract_input, run_tick

FORM = {
    "contract_type": "regional",
    "kind": "wage",
    "industry": "",
    "employer_side": "东湖街道企业联合会",
    "worker_side": "东湖街道总工会",
    "employers_covered": "120",
    "sole_traders_covered": "35",
    "workers_covered": "3500",
    "voted_on": "2026-09-05",
    "representatives_total": "60",
    "representatives_present": "52",
    "votes_for": "49",
    "signed_on": "2026-09-10",
    "starts_on": "2026-10-01",
    "ends_on": "2029-09-30",
}


def test_the_create_page_registers_and_the_vote_is_refused_on_its_field(client, handler):
    client.force_login(handler)
    refused = client.post(reverse("contracts:create"), FORM | {"votes_for": "30"})
    assert refused.status_code == 200
    assert "赞成票数（30）未超过职工代表总数（60）的半数" in refused.content.decode()
    assert not Contract.objects.exists()
    saved = client.post(reverse("contracts:create"), FORM)
    contract = Contract.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("contracts:detail", args=[contract.pk])
    assert (contract.kind, contract.status, contract.filing_due_on) == (
        "wage",
        Status.SIGNED,
        date(2026, 9, 20),
    )
    page = client.get(saved["Location"]).content.decode()
    assert contract.number in page and "报送审查" in page


def test_a_renewal_names_its_predecessor_by_number(client, handler, register):
    old = register(
        voted_on=date(2023, 12, 10), signed_on=date(2023, 12, 15), filed_on=date(2023, 12, 18),
        starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    run_tick()
    client.force_login(handler)
    renewal = FORM | {"voted_on": "2026-11-10", "signed_on": "2026-11-20", "starts_on": "2027-01-01",
                      "ends_on": "2029-12-31", "predecessor_id": old.number}  # fmt: skip
    assert client.post(reverse("contracts:create"), renewal).status_code == 302
    new = Contract.objects.get(predecessor=old)
    page = client.get(reverse("contracts:detail", args=[old.pk])).content.decode()
    assert "已续订为" in page and new.number in page


def test_the_edit_page_corrects_on_the_version_read(client, handler, register):
    c = register()
    client.force_login(handler)
    edit = reverse("contracts:edit", args=[c.pk])
    form = client.get(edit).content.decode()
    assert "东湖街道企业联合会" in form
    assert (
        client.post(
            edit, FORM | {"kind": "comprehensive", "workers_covered": "3600", "version": c.version}
        ).status_code
        == 302
    )
    c.refresh_from_db()
    assert c.workers_covered == 3600 and c.version == 2
    event = c.events.get(kind=EventKind.UPDATED)
    assert event.changes["覆盖职工人数"] == {"from": 3500, "to": 3600}
    stale = client.post(edit, FORM | {"kind": "comprehensive", "workers_covered": "3700", "version": 1})
    assert "已被他人修改" in stale.content.decode()


def test_a_new_signing_date_restarts_the_filing_clock_until_filed(handler, register):
    c = register()
    c = update_contract(
        contract=c, by=handler, data=contract_input(signed_on=date(2026, 9, 24), version=c.version)
    )
    assert c.filing_due_on == date(2026, 10, 8)
    assert c.clocks.filter(kind=ClockKind.FILING, stopped_at__isnull=True).get().due_on == date(2026, 10, 8)
    with pytest.raises(Conflict):
        update_contract(contract=c, by=handler, data=contract_input(version=1))


def test_a_filed_contract_keeps_its_signing_date(client, handler, register):
    c = register()
    client.force_login(handler)
    answer = client.post(
        reverse("contract_steps:file", args=[c.pk]), {"filed_on": "2026-09-18", "version": c.version}
    )
    assert answer.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.FILED and c.review_ends_on == date(2026, 10, 8)
    with pytest.raises(ValidationError) as caught:
        update_contract(
            contract=c, by=handler, data=contract_input(signed_on=date(2026, 9, 11), version=c.version)
        )
    assert caught.value.message_dict["signed_on"] == ["该集体合同已报送审查，不能修改签订日期。"]


def test_the_step_pages_refuse_an_outsider_and_a_get(client, outsider, handler, register):
    c = register()
    client.force_login(outsider)
    assert (
        client.post(reverse("contract_steps:file", args=[c.pk]), {"filed_on": "2026-09-18"}).status_code
        == 404
    )
    client.force_login(handler)
    assert client.get(reverse("contract_steps:file", args=[c.pk])).status_code == 405
    client.post(
        reverse("contract_steps:session", args=[c.pk]), {"held_on": "2026-08-20", "topics": "工资增长"}
    )
    assert c.sessions.get().topics == "工资增长"


@pytest.fixture
def congress(federation, handler):
    return Congress.objects.create(
        org=federation, union_name="东湖街道总工会", level="regional", held_on=date(2026, 9, 5), term=2,
        term_start=date(2025, 1, 1), term_end=date(2027, 12, 31), representatives=60, present=52,
        employer_count=120, created_by=handler,
    )  # fmt: skip


def test_the_congress_that_adopted_the_draft_is_linked_and_its_vote_must_agree(register, congress, outsider):
    c = register(congress_id=congress.pk)
    assert c.congress == congress and list(congress.contracts.all()) == [c]
    with pytest.raises(ValidationError) as caught:
        register(congress_id=congress.pk, signed_on=date(2026, 9, 11), representatives_present=55)
    assert caught.value.message_dict["representatives_present"] == [
        "出席代表人数应与所选职代会的实到代表（52）一致。"
    ]
    with pytest.raises(ValidationError) as caught:
        register(by=outsider, congress_id=congress.pk, signed_on=date(2026, 9, 12))
    assert "congress" in caught.value.message_dict


def test_the_renew_button_shows_from_the_last_three_months_of_the_term(client, handler, register):
    """Either side may ask to renew in the last 3 months (集体合同规定): an effective contract with years to run
    offers no renewal; one whose window has opened does."""
    in_window = register(
        voted_on=date(2023, 12, 10), signed_on=date(2023, 12, 15), filed_on=date(2023, 12, 18),
        starts_on=date(2024, 1, 1), ends_on=date(2026, 12, 31),
    )  # fmt: skip
    years_left = register(
        voted_on=date(2025, 12, 10), signed_on=date(2025, 12, 15), filed_on=date(2025, 12, 18),
        starts_on=date(2026, 1, 1), ends_on=date(2028, 12, 31),
    )  # fmt: skip
    run_tick()
    client.force_login(handler)
    for contract, offered in ((in_window, True), (years_left, False)):
        contract.refresh_from_db()
        assert contract.status == Status.EFFECTIVE
        page = client.get(reverse("contracts:detail", args=[contract.pk]))
        assert page.context["may_renew"] is offered
        assert ("续订（登记续订合同）" in page.content.decode()) is offered
