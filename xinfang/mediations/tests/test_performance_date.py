"""履行情况日期 (``performed_on``): the day of the performance recorded, given with the step (default today, not in the
future, not before the result date), on the page, in the API and in the input model; the performance clock stops
on it; existing cases get theirs from their history (migration 0008)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from xinfang.mediations.actions import conclude_mediation, record_performance, register_mediation
from xinfang.mediations.inputs import MediationConclusionIn, MediationIn, PerformanceIn, WorkerIn
from xinfang.mediations.models import ClockKind, EventKind, Mediation, MediationEvent, Performance, Status


@pytest.fixture
def settled(handler, employer):
    """A case settled ten days ago, to be performed within five days of it."""
    today = timezone.localdate()
    m = register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=today - timedelta(days=20),
            accepted_on=today - timedelta(days=20),
            dispute_type="pay",
            claims="要求支付拖欠的工资。",
            workers=[WorkerIn(name="王五")],
            employer_id=employer.pk,
        ),
    )
    return conclude_mediation(
        mediation=m,
        by=handler,
        data=MediationConclusionIn(
            version=m.version,
            result=Status.SETTLED,
            result_on=today - timedelta(days=10),
            agreement_terms="被申请人支付工资一万元。",
            amount_agreed=Decimal("10000.00"),
            performance_due_on=today - timedelta(days=5),
            performance_manner="银行转账",
        ),
    )


def perform(m: Mediation, by, **values) -> Mediation:
    data = PerformanceIn(
        version=m.version, performance=Performance.PERFORMED, amount_recovered=Decimal("10000.00"), **values
    )
    return record_performance(mediation=m, by=by, data=data)


def test_the_performance_date_is_today_unless_given(settled, handler):
    m = perform(settled, handler)
    assert m.performed_on == timezone.localdate()
    assert m.events.filter(kind=EventKind.PERFORMANCE).get().summary == "协议已履行，实际追回10000.00元"


def test_a_performance_entered_afterwards_keeps_its_day_and_stops_its_clock_on_it(settled, handler):
    on_time = timezone.localdate() - timedelta(days=6)
    m = perform(settled, handler, performed_on=on_time)
    assert Mediation.objects.get(pk=m.pk).performed_on == on_time
    clock = m.clocks.get(kind=ClockKind.PERFORMANCE)
    assert clock.stopped_at is not None and clock.stopped_late is False  # recorded late, performed in time
    event = m.events.filter(kind=EventKind.PERFORMANCE).get()
    assert event.summary.endswith("补录）") and event.changes["performed_on"] == on_time.isoformat()


def test_a_performance_after_its_due_date_stops_its_clock_late(settled, handler):
    m = perform(settled, handler, performed_on=timezone.localdate() - timedelta(days=2))
    assert m.clocks.get(kind=ClockKind.PERFORMANCE).stopped_late is True


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "履行情况日期不能晚于今天。"), (-11, "履行情况日期不能早于调解结果日期。")],
)
def test_a_performance_date_in_the_future_or_before_the_result_is_refused(settled, handler, days, message):
    with pytest.raises(ValidationError) as e:
        perform(settled, handler, performed_on=timezone.localdate() + timedelta(days=days))
    assert e.value.message_dict == {"performed_on": [message]}
    m = Mediation.objects.get(pk=settled.pk)
    assert m.performance == "" and m.performed_on is None and m.version == settled.version


def test_the_page_and_the_api_take_the_performance_date(client, settled, handler):
    client.force_login(handler)
    page = client.get(reverse("mediations:detail", args=[settled.pk])).content.decode()
    assert 'name="performed_on"' in page and "履行情况日期" in page
    day = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("mediations:performance", args=[settled.pk]),
        {
            "version": settled.version,
            "performance": Performance.PARTLY,
            "performed_on": day.isoformat(),
            "amount_recovered": "5000.00",
        },
    )
    assert response.status_code == 302
    m = Mediation.objects.get(pk=settled.pk)
    assert m.performance == Performance.PARTLY and m.performed_on == day
    later = timezone.localdate() - timedelta(days=1)
    answer = client.post(
        f"/api/v1/mediations/{m.pk}/performance",
        {
            "version": m.version,
            "performance": Performance.PERFORMED,
            "performed_on": later.isoformat(),
            "amount_recovered": "10000.00",
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["performed_on"] == later.isoformat()
    assert (
        client.get(reverse("mediations:detail", args=[m.pk]))
        .content.decode()
        .count(f"{later.year}年{later.month}月{later.day}日")
    )


BEFORE = ("mediations", "0007_event_kinds_of_workers_and_clocks")


@pytest.mark.usefixtures("committed_db")
def test_the_migration_dates_each_recorded_performance_by_its_last_record(settled, handler, federation):
    """The Beijing date of the last performance event: the record the case's performance came from."""
    recorded = timezone.now() - timedelta(days=4)
    MediationEvent.objects.create(
        mediation=settled, at=recorded, kind=EventKind.PERFORMANCE, summary="协议部分履行"
    )
    MediationEvent.objects.create(
        mediation=settled,
        at=timezone.now() - timedelta(days=8),
        kind=EventKind.PERFORMANCE,
        summary="协议未履行",
    )
    never = settled.pk
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        Old = executor.loader.project_state([BEFORE]).apps.get_model("mediations", "Mediation")
        Old.objects.filter(pk=never).update(performance=Performance.PARTLY)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest, later migrations too
    m = Mediation.objects.get(pk=never)
    assert m.performed_on == timezone.localdate(recorded)  # the last record, not the first


@pytest.mark.usefixtures("committed_db")
def test_the_migration_dates_a_performance_without_a_record_by_the_result_and_leaves_the_rest_undated(
    settled, handler, employer
):
    undated = register_mediation(
        by=handler,
        data=MediationIn(
            body="federation",
            application_form="written",
            received_on=timezone.localdate(),
            dispute_type="pay",
            claims="要求支付拖欠的工资。",
            workers=[WorkerIn(name="赵六")],
            employer_id=employer.pk,
        ),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        Old = executor.loader.project_state([BEFORE]).apps.get_model("mediations", "Mediation")
        Old.objects.filter(pk=settled.pk).update(performance=Performance.NOT_PERFORMED)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest, later migrations too
    assert Mediation.objects.get(pk=settled.pk).performed_on == settled.result_on
    assert Mediation.objects.get(pk=undated.pk).performed_on is None
