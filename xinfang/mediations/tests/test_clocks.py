"""A mediation's deadlines on the core's clock mechanism: the 15-day period (第十四条) and the agreed performance
date are clocks, so a holiday change moves them (settle_by with its clock, and an event), and tick notes them
due soon and overdue once, however often and however many times at once it runs."""

import threading
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from xinfang.clocks.models import HolidayOverride
from xinfang.inbox.models import Reminder, ReminderKind
from xinfang.mediations.actions import (
    accept_mediation,
    conclude_mediation,
    record_performance,
    register_mediation,
    settle_by,
)
from xinfang.mediations.inputs import AcceptIn, MediationConclusionIn, MediationIn, PerformanceIn, WorkerIn
from xinfang.mediations.models import ClockKind, EventKind, Mediation, Performance, Status


@pytest.fixture
def register(handler, employer, valid_id):
    def make(received_on: date) -> Mediation:
        data = MediationIn(
            body="federation",
            application_form="written",
            received_on=received_on,
            dispute_type="pay",
            claims="要求支付拖欠的三个月工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id)],
            employer_id=employer.pk,
        )
        return register_mediation(by=handler, data=data)

    return make


def _mediations_part(printed: str) -> str:
    """The mediations job's result in a tick's line (other ledgers' jobs print theirs after it)."""
    return next(part for part in printed.split("；") if part.startswith("调解期限届满"))


def run_tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def mediation_part(result: str) -> str:
    """The mediation clocks' report among every registered job's (joined by "；")."""
    return next(part for part in result.split("；") if part.startswith("调解期限届满"))


def settle(m: Mediation, by, performance_due_on: date) -> Mediation:
    m = accept_mediation(mediation=m, by=by, data=AcceptIn(version=m.version, accepted_on=m.received_on))
    return conclude_mediation(
        mediation=m,
        by=by,
        data=MediationConclusionIn(
            version=m.version,
            result=Status.SETTLED,
            result_on=timezone.localdate(),
            agreement_terms="被申请人支付申请人工资一万元。",
            amount_agreed=Decimal("10000.00"),
            performance_due_on=performance_due_on,
            performance_manner="银行转账",
        ),
    )


def test_registration_starts_the_15_day_clock_whose_due_date_is_settle_by(register):
    m = register(date(2026, 11, 20))  # the 15th day is Saturday 12-05: rolled to Monday
    clock = m.clocks.get()
    assert (clock.kind, clock.started_on, clock.days, clock.due_on) == (
        ClockKind.SETTLE,
        date(2026, 11, 20),
        15,
        date(2026, 12, 7),
    )
    assert m.settle_by == clock.due_on and clock.stopped_at is None


def test_a_holiday_change_moves_the_15_day_period_and_settle_by_with_an_event(
    register, django_capture_on_commit_callbacks
):
    m = register(date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        override = HolidayOverride.objects.create(on=date(2026, 12, 7), is_working_day=False, note="临时停工")
    m.refresh_from_db()
    assert m.settle_by == m.clocks.get().due_on == date(2026, 12, 8)
    event = m.events.get(kind=EventKind.CLOCK_RECOMPUTED)
    assert event.changes == {"clock": "settle", "from": "2026-12-07", "to": "2026-12-08"}
    assert "调解期限期满日由2026年12月7日改为2026年12月8日" in event.summary
    with django_capture_on_commit_callbacks(execute=True):
        override.delete()
    m.refresh_from_db()
    assert m.settle_by == m.clocks.get().due_on == date(2026, 12, 7)
    assert m.events.filter(kind=EventKind.CLOCK_RECOMPUTED).count() == 2


def test_a_concluded_case_keeps_its_settle_by_when_the_calendar_changes(
    register, handler, django_capture_on_commit_callbacks
):
    m = settle(register(date(2026, 11, 20)), handler, performance_due_on=date(2026, 12, 7))
    with django_capture_on_commit_callbacks(execute=True):
        HolidayOverride.objects.create(on=date(2026, 12, 7), is_working_day=False, note="临时停工")
    m.refresh_from_db()
    assert m.settle_by == date(2026, 12, 7)  # its period stopped with the result
    # The agreed performance date is the parties' date: no holiday moves it.
    assert m.clocks.get(kind=ClockKind.PERFORMANCE, stopped_at__isnull=True).due_on == date(2026, 12, 7)
    assert not m.events.filter(kind=EventKind.CLOCK_RECOMPUTED).exists()


def test_tick_notes_the_15_day_period_due_soon_then_lapsed_once_each(register, handler, frozen_clock):
    today = timezone.localdate()
    received_on = next(  # a case whose 15 days end within the warning days (3), whatever weekday today is
        today - timedelta(days=n)
        for n in range(12, 16)
        if today <= settle_by(today - timedelta(days=n)) <= today + timedelta(days=3)
    )
    m = register(received_on)
    assert "临期 1 件" in mediation_part(run_tick())
    assert "临期 0 件" in mediation_part(run_tick())
    soon = m.events.get(kind=EventKind.DUE_SOON)
    assert soon.summary.startswith("调解期限将于") and soon.changes["clock"] == "settle"
    assert Reminder.objects.about(m).filter(kind=ReminderKind.DUE_SOON, user=handler).count() == 1
    frozen_clock.shift(timedelta(days=10))
    assert "调解期限届满 1 件" in run_tick()
    assert "调解期限届满 0 件" in run_tick()
    m.refresh_from_db()
    assert m.lapsed_on == timezone.localdate() and m.may_apply_for_arbitration
    assert m.events.filter(kind=EventKind.LAPSED).count() == 1
    assert Reminder.objects.about(m).filter(kind=ReminderKind.OVERDUE, user=handler).count() == 1


def test_the_performance_clock_runs_from_the_settlement_until_performance_is_recorded(register, handler):
    m = settle(
        register(timezone.localdate() - timedelta(days=5)), handler, timezone.localdate() + timedelta(days=9)
    )
    settle_clock = m.clocks.get(kind=ClockKind.SETTLE)
    assert settle_clock.stopped_at is not None and settle_clock.stopped_late is False
    performance = m.clocks.get(kind=ClockKind.PERFORMANCE)
    assert performance.due_on == m.performance_due_on and performance.stopped_at is None
    m = record_performance(
        mediation=m,
        by=handler,
        data=PerformanceIn(version=m.version, performance=Performance.PARTLY, amount_recovered=None),
    )
    assert m.clocks.get(kind=ClockKind.PERFORMANCE).stopped_at is None  # partly performed: still chased
    record_performance(
        mediation=m,
        by=handler,
        data=PerformanceIn(
            version=m.version, performance=Performance.PERFORMED, amount_recovered=Decimal("10000.00")
        ),
    )
    assert m.clocks.get(kind=ClockKind.PERFORMANCE).stopped_at is not None


def test_tick_twice_at_once_notes_each_lapse_once(committed_db, federation, employer, valid_id):
    from xinfang.accounts.models import Role, User

    handler = User.objects.create_user(username="h", password="x", role=Role.HANDLER, org=federation)
    for days in (30, 31, 32):
        register_mediation(
            by=handler,
            data=MediationIn(
                body="federation",
                application_form="written",
                received_on=timezone.localdate() - timedelta(days=days),
                dispute_type="pay",
                claims="要求支付拖欠的三个月工资。",
                workers=[WorkerIn(name="王五", id_number=valid_id)],
                employer_id=employer.pk,
            ),
        )
    start = threading.Barrier(2)

    def tick():
        start.wait()
        try:
            call_command("tick", stdout=StringIO())
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from xinfang.mediations.models import MediationEvent

    assert MediationEvent.objects.filter(kind=EventKind.LAPSED).count() == 3
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE, user=handler).count() == 3
    assert Mediation.objects.filter(lapsed_on__isnull=False).count() == 3


def test_the_clock_table_reminds_and_scopes_by_the_mediations_organisation(register, handler, outsider):
    """``owned_record_clocks``: the unit is the record's organisation; the clocks' own scope columns decide."""
    from xinfang.clocks.registry import table_for
    from xinfang.mediations.models import MediationClock

    table = table_for(MediationClock)
    clock = register(date(2026, 11, 20)).clocks.get()
    assert table.unit(clock) == clock.mediation.org == handler.org and table.related == ("mediation__org",)
    assert table.clock_scope is not None
    assert MediationClock.objects.filter(*table.clock_scope(handler), pk=clock.pk).exists()
    assert not MediationClock.objects.filter(*table.clock_scope(outsider), pk=clock.pk).exists()
