"""Registering a collective contract; its filing and review periods as clocks on the holiday calendar; taking
effect when the review lapses without objection (tick, once); an objection and a new filing; the term; the renewal
reminder (once per contract) and the renewal's link to its predecessor; the scope rule."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from xinfang.clocks.models import work_calendar
from xinfang.contracts.actions import add_session, file_contract, record_objection, refile_contract
from xinfang.contracts.inputs import ContractSessionIn, FilingIn, ObjectionIn
from xinfang.contracts.models import ClockKind, Contract, EventKind, Status
from xinfang.contracts.tests.conftest import contract_input
from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.lib import contractdates
from xinfang.lib.exceptions import NotAllowed

from .conftest import run_tick


def test_registration_numbers_the_contract_and_starts_its_filing_clock(register, handler):
    c = register()
    assert c.number == "测工集合〔2026〕0001" and c.status == Status.SIGNED
    clock = c.clocks.get()
    assert (clock.kind, clock.started_on, clock.days) == (ClockKind.FILING, date(2026, 9, 10), 10)
    # 09-20 is a Sunday, but a working day of the National Day arrangement (调休上班): not rolled
    assert c.filing_due_on == clock.due_on == date(2026, 9, 20)
    assert c.renewal_opens_on == date(2029, 7, 1)
    assert c.events.get().kind == EventKind.CREATED
    assert register(signed_on=date(2026, 9, 11), voted_on=date(2026, 9, 5)).number == "测工集合〔2026〕0002"


def test_the_filing_period_rolls_past_the_national_day_holiday(register):
    """Signed 2026-09-24: the 10th day, 10-04, falls in the National Day holiday (10-01..10-07): due 10-08."""
    c = register(signed_on=date(2026, 9, 24), voted_on=date(2026, 9, 20))
    assert c.filing_due_on == date(2026, 10, 8)
    assert c.filing_due_on == contractdates.filing_due(work_calendar(), signed_on=date(2026, 9, 24)).due_on


def test_the_review_period_rolls_past_the_holiday_and_tick_makes_the_contract_effective_once(
    register, handler
):
    """Received 2026-09-18: the 15th day, 10-03, is a holiday: the review ends 10-08, effective from 10-09."""
    c = register()
    c = file_contract(contract=c, by=handler, data=FilingIn(version=c.version, filed_on=date(2026, 9, 18)))
    assert c.status == Status.FILED and c.review_ends_on == date(2026, 10, 8)
    filing = c.clocks.get(kind=ClockKind.FILING)
    assert filing.stopped_at is not None and filing.stopped_late is False
    assert (
        c.review_ends_on == contractdates.review_ends(work_calendar(), received_on=date(2026, 9, 18)).due_on
    )
    assert "集体合同审查期满生效 1 份" in run_tick()
    assert "集体合同审查期满生效 0 份" in run_tick()
    c.refresh_from_db()
    assert c.status == Status.EFFECTIVE
    assert (
        c.effective_on
        == date(2026, 10, 9)
        == contractdates.effective_on(work_calendar(), received_on=date(2026, 9, 18))
    )
    assert c.events.filter(kind=EventKind.EFFECTIVE).count() == 1
    assert c.clocks.get(kind=ClockKind.REVIEW).stopped_late is False


def test_filing_late_is_recorded_on_the_clock_and_in_the_event(register, handler):
    c = register()
    c = file_contract(contract=c, by=handler, data=FilingIn(version=c.version, filed_on=date(2026, 9, 25)))
    assert c.clocks.get(kind=ClockKind.FILING).stopped_late is True
    assert "超过报送期限5日" in c.events.get(kind=EventKind.FILED).summary


def test_an_unfiled_contract_is_noted_overdue_once(register, handler):
    # Signed three weeks ago: the filing period ended within the last 30 days, the overdue fact still news
    # (an older one is noted in the history and the 超期 queue without a reminder, docs/workflow.md).
    today = timezone.localdate()
    c = register(signed_on=today - timedelta(days=21), voted_on=today - timedelta(days=22))
    assert "逾期未报送 1 份" in run_tick()
    assert "逾期未报送 0 份" in run_tick()
    assert c.events.filter(kind=EventKind.OVERDUE).count() == 1
    assert Reminder.objects.about(c).filter(kind=ReminderKind.OVERDUE, user=handler).count() == 1


def test_an_objection_within_the_review_stops_it_and_a_new_filing_starts_another(register, handler):
    today = timezone.localdate()
    c = register(signed_on=today - timedelta(days=6), voted_on=today - timedelta(days=8))
    c = file_contract(
        contract=c, by=handler, data=FilingIn(version=c.version, filed_on=today - timedelta(days=3))
    )
    with pytest.raises(ValidationError) as caught:
        record_objection(
            contract=c,
            by=handler,
            data=ObjectionIn(
                version=c.version, objected_on=today - timedelta(days=4), objection="工资条款低于最低工资标准"
            ),
        )
    assert "objected_on" in caught.value.message_dict
    c = record_objection(
        contract=c,
        by=handler,
        data=ObjectionIn(version=c.version, objected_on=today, objection="工资条款低于最低工资标准"),
    )
    assert c.status == Status.OBJECTED and not c.clocks.filter(stopped_at__isnull=True).exists()
    assert "集体合同审查期满生效 0 份" in run_tick()
    c = refile_contract(contract=c, by=handler, data=FilingIn(version=c.version, filed_on=today))
    assert c.status == Status.FILED and c.clocks.filter(kind=ClockKind.REVIEW).count() == 2
    assert c.review_ends_on == contractdates.review_ends(work_calendar(), received_on=today).due_on


def test_a_stale_version_is_a_conflict(register, handler):
    from xinfang.lib.exceptions import Conflict

    c = register()
    with pytest.raises(Conflict):
        file_contract(
            contract=c, by=handler, data=FilingIn(version=c.version + 1, filed_on=date(2026, 9, 18))
        )
    assert Contract.objects.get(pk=c.pk).status == Status.SIGNED


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "ok"),
    [
        (date(2026, 10, 1), date(2027, 9, 30), True),  # 1 year
        (date(2026, 10, 1), date(2029, 9, 30), True),  # 3 years
        (date(2026, 10, 1), date(2027, 9, 29), False),  # a day short of a year
        (date(2026, 10, 1), date(2029, 10, 1), False),  # a day past 3 years
    ],
)
def test_the_term_is_one_to_three_years(register, starts_on, ends_on, ok):
    if ok:
        assert register(starts_on=starts_on, ends_on=ends_on).ends_on == ends_on
    else:
        with pytest.raises(ValidationError) as caught:
            register(starts_on=starts_on, ends_on=ends_on)
        assert caught.value.message_dict["ends_on"][0].startswith("集体合同期限须为1至3年")


def test_coverage_is_checked_by_field(register):
    with pytest.raises(ValidationError) as caught:
        register(contract_type="single", employers_covered=3)
    assert "employers_covered" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        register(employers_covered=10, sole_traders_covered=11)
    assert caught.value.message_dict["sole_traders_covered"] == [
        "其中个体工商户数（11）不能大于覆盖企业数（10）。"
    ]
    with pytest.raises(ValidationError) as caught:
        register(contract_type="industry", industry="")
    assert caught.value.message_dict["industry"] == ["行业性集体合同请选择行业。"]
    assert Contract.objects.count() == 0


def effective_expiring(register, handler) -> Contract:
    """Effective since 2024, its last day 2026-12-31: in its renewal window (from 2026-10-01) on 2026-11-25."""
    c = register(
        voted_on=date(2023, 12, 10),
        signed_on=date(2023, 12, 15),
        filed_on=date(2023, 12, 18),
        starts_on=date(2024, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    assert c.status == Status.FILED
    return c


def test_tick_reminds_of_renewal_once_per_contract_in_the_last_three_months(register, handler, frozen_clock):
    c = effective_expiring(register, handler)
    first = run_tick()
    assert "集体合同审查期满生效 1 份" in first and "集体合同临近期满提醒续订 1 份" in first
    assert "集体合同临近期满提醒续订 0 份" in run_tick()
    frozen_clock.shift(timedelta(days=7))
    assert "集体合同临近期满提醒续订 0 份" in run_tick()
    c.refresh_from_db()
    assert c.status == Status.EFFECTIVE and c.renewal_noted_at is not None
    assert c.events.filter(kind=EventKind.RENEWAL_DUE).count() == 1
    assert Reminder.objects.about(c).filter(kind=ReminderKind.DUE_SOON, user=handler).count() == 1
    assert list(Contract.objects.visible_to(handler).in_queue("expiring", timezone.localdate())) == [c]


def test_a_contract_before_its_renewal_window_is_not_reminded(register, handler):
    register(
        voted_on=date(2023, 12, 10),
        signed_on=date(2023, 12, 15),
        filed_on=date(2023, 12, 18),
        starts_on=date(2024, 3, 1),
        ends_on=date(2027, 2, 28),  # window from 2026-12-01
    )
    assert "集体合同临近期满提醒续订 0 份" in run_tick()


def test_the_renewal_links_to_its_predecessor_once(register, handler):
    old = effective_expiring(register, handler)
    run_tick()
    new = register(
        voted_on=date(2026, 11, 10),
        signed_on=date(2026, 11, 20),
        starts_on=date(2027, 1, 1),
        ends_on=date(2029, 12, 31),
        predecessor_id=old.pk,
    )
    assert new.predecessor == old and Contract.objects.get(pk=old.pk).renewal == new
    assert old.events.filter(kind=EventKind.RENEWED).get().summary == f"已续订，续订合同编号{new.number}"
    assert not Contract.objects.in_queue("expiring", timezone.localdate()).exists()
    with pytest.raises(ValidationError) as caught:
        register(
            voted_on=date(2026, 11, 10),
            signed_on=date(2026, 11, 21),
            starts_on=date(2027, 1, 1),
            ends_on=date(2029, 12, 31),
            predecessor_id=old.pk,
        )
    assert caught.value.message_dict["predecessor"] == [f"集体合同{old.number}已续订。"]


def test_only_an_effective_contract_may_be_renewed(register):
    signed = register()
    with pytest.raises(ValidationError) as caught:
        register(
            signed_on=date(2026, 9, 12),
            predecessor_id=signed.pk,
            starts_on=date(2026, 10, 2),
            ends_on=date(2027, 10, 1),
        )
    assert "尚未生效" in caught.value.message_dict["predecessor"][0]


def test_sessions_are_recorded_before_signing(register, handler):
    c = register()
    add_session(
        contract=c, by=handler, data=ContractSessionIn(held_on=date(2026, 8, 20), topics="工资增长幅度")
    )
    with pytest.raises(ValidationError):
        add_session(contract=c, by=handler, data=ContractSessionIn(held_on=date(2026, 9, 11), topics="工资"))
    assert c.sessions.count() == 1 and c.events.filter(kind=EventKind.SESSION).count() == 1


def test_scope_a_committee_s_contract_is_seen_by_it_and_above_not_by_another_committee(
    register, committee, committee_registrar, handler, outsider, client
):
    c = register(by=committee_registrar)
    assert c.org == committee
    assert list(Contract.objects.visible_to(handler)) == [c]
    assert list(Contract.objects.visible_to(committee_registrar)) == [c]
    assert not Contract.objects.visible_to(outsider).exists()
    with pytest.raises(NotAllowed):
        file_contract(contract=c, by=outsider, data=FilingIn(version=c.version, filed_on=date(2026, 9, 18)))
    client.force_login(outsider)
    assert client.get(reverse("contracts:detail", args=[c.pk])).status_code == 404
    client.force_login(handler)
    assert client.get(reverse("contracts:detail", args=[c.pk])).status_code == 200


def test_a_leader_may_not_register(register, leader):
    with pytest.raises(NotAllowed):
        register(by=leader)


def test_an_org_outside_scope_is_refused(register, committee_registrar, other_committee):
    with pytest.raises(ValidationError) as caught:
        register(by=committee_registrar, org_id=other_committee.pk)
    assert "org" in caught.value.message_dict


def test_the_employer_page_lists_the_contracts_covering_it(register, handler, employer, client):
    c = register(
        contract_type="single",
        employers_covered=1,
        sole_traders_covered=0,
        employer_side=employer.name,
        employer_ids=[employer.pk],
    )
    client.force_login(handler)
    page = client.get(reverse("orgs:employer_detail", args=[employer.pk])).content.decode()
    assert c.number in page
    # the section's link to the list filtered by the employer (the list's one filter set) lists it
    listed = client.get(reverse("contracts:list"), {"employer": employer.pk})
    assert list(listed.context["page"].items) == [c]


def test_a_contract_moved_to_another_organisation_takes_its_clocks_scope_with_it(
    register, handler, committee, other_committee
):
    """The kit's edit changes the owner by an UPDATE, not ``save``: the clocks' copied scope columns follow."""
    from xinfang.contracts.actions import update_contract
    from xinfang.contracts.models import ContractClock

    contract = register(org_id=committee.pk)
    assert {c.org_level2 for c in ContractClock.objects.filter(contract=contract)} == {committee.pk}
    update_contract(
        contract=contract,
        by=handler,
        data=contract_input(org_id=other_committee.pk, version=contract.version),
    )
    assert {c.org_level2 for c in ContractClock.objects.filter(contract=contract)} == {other_committee.pk}


def test_the_expiring_queues_bound_on_the_end_date_keeps_every_contract_in_its_window():
    """``expiring`` also bounds ``ends_on`` (for the index): no contract whose renewal window is open is cut off."""
    from xinfang.lib import contractdates

    bound = timedelta(days=31 * (contractdates.RENEWAL_MONTHS + 1))
    today = date(2026, 1, 1)
    for offset in range(0, 4 * 366):
        day = today + timedelta(days=offset)
        for ends_on in (day + timedelta(days=n) for n in range(0, 100)):
            if contractdates.renewal_opens_on(ends_on) <= day:
                assert ends_on <= day + bound, (day, ends_on)
