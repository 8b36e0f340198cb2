"""One clock mechanism for every ledger (clocks/registry.py): a holiday change recomputes every registered clock
table, the 临期 and 超期 queues and the deadline list show every ledger's clocks within its scope, and a
historical clock is never noted nor queued."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from xinfang.clocks import jobs, registry
from xinfang.clocks.actions import start_clock
from xinfang.clocks.models import AbstractClock, HolidayOverride
from xinfang.clocks.registry import ClockNote, ClockTable, Happening, register_clocks
from xinfang.inbox.models import Reminder
from xinfang.inbox.queues import Row
from xinfang.lib.workdays import WORKING_DAYS
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn
from xinfang.petitions.models import Clock, ClockKind, EventKind


class FakeClock(AbstractClock):
    """The clock table of a ledger that does not exist: the core knows nothing of it but what it registered."""

    record = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")

    class Meta(AbstractClock.Meta):
        app_label = "clocks"
        db_table = "clocks_test_fakeclock"
        managed = False  # created by the test that uses it, inside its transaction


@pytest.fixture
def fake_table(db, monkeypatch):
    """FakeClock's table (rolled back with the test) and its registration; the registries are restored after."""
    # The table, in the test's transaction (its rollback drops it). The editor is not entered (SQLite refuses
    # that inside a transaction), so what it defers (indexes, a foreign key constraint) is left out.
    editor = connection.schema_editor()
    editor.deferred_sql = []
    editor.create_model(FakeClock)
    monkeypatch.setattr(registry, "CLOCK_TABLES", list(registry.CLOCK_TABLES))
    monkeypatch.setattr(jobs, "JOBS", list(jobs.JOBS))
    notes: list[ClockNote] = []

    def record_event(note: ClockNote) -> str:
        notes.append(note)
        return note.summary

    table = ClockTable(
        model=FakeClock,
        record="record",
        title="假台账",
        record_event=record_event,
        unit=lambda clock: clock.record,
        scope=lambda user, prefix: [],
        rows=lambda ids, user: [],
        shown_to=lambda user: True,
        job="fakes.clocks",
        order=40,
    )
    register_clocks(table)
    return table, notes


def test_a_clock_table_registered_by_a_ledger_is_recomputed_when_the_calendar_changes(
    fake_table, federation, django_capture_on_commit_callbacks
):
    table, notes = fake_table
    clock = start_clock(
        table=table,
        record=federation,
        kind="fake",
        trigger_on=date(2026, 6, 1),
        days=10,
        by=None,
        unit=WORKING_DAYS,
    )
    assert clock.due_on == date(2026, 6, 15) and notes[-1].happening == Happening.STARTED
    with django_capture_on_commit_callbacks(execute=True):
        HolidayOverride.objects.create(on=date(2026, 6, 3), is_working_day=False, note="台风停工")
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 6, 16)  # a working day inside the period less: one day later
    assert notes[-1].happening == Happening.RECOMPUTED and notes[-1].record == federation
    assert notes[-1].changes == {"clock": "fake", "from": "2026-06-15", "to": "2026-06-16"}
    assert "fakes.clocks" in [job.name for job in jobs.jobs()]  # its tick job came with it


def test_a_clock_table_is_registered_once(fake_table):
    table, _ = fake_table
    with pytest.raises(ValueError):
        register_clocks(table)


def mediation_input(employer, valid_id, **overrides) -> MediationIn:
    data = {
        "body": "federation",
        "application_form": "written",
        "received_on": timezone.localdate() - timedelta(days=2),
        "dispute_type": "pay",
        "claims": "要求支付拖欠的三个月工资。",
        "workers": [WorkerIn(name="王五", id_number=valid_id)],
        "employer_id": employer.pk,
        "amount_claimed": Decimal("18000.00"),
    }
    return MediationIn(**(data | overrides))


def panels(client) -> dict:
    return {p["title"]: p for p in client.get(reverse("home")).context["panels"]}


def test_the_overdue_queue_and_the_deadline_list_show_every_ledgers_clocks_most_urgent_first(
    client, registrar, handler, outsider, employer, valid_id, make_petition
):
    petition = make_petition(
        registrar, received_at=timezone.now() - timedelta(days=30)
    )  # intake clock: 15 days
    case = register_mediation(
        by=handler,
        data=mediation_input(employer, valid_id, received_on=timezone.localdate() - timedelta(days=40)),
    )
    client.force_login(handler)
    overdue = panels(client)["超期"]
    assert [r.number for r in overdue["rows"]] == [case.number, petition.number]  # the case ended first
    assert overdue["count"] == "2" and overdue["rows"][0].due_on == case.settle_by
    assert overdue["link"] == f"{reverse('clocks:due')}?due=overdue"
    page = client.get(reverse("clocks:due"), {"due": "overdue"})
    assert [(i.row.number, i.what, i.ledger) for i in page.context["items"]] == [
        (case.number, "调解期限", "劳动争议调解"),
        (petition.number, "受理告知期限", "信访"),
    ]
    assert f'href="{case.get_absolute_url()}"' in page.content.decode()
    client.force_login(outsider)  # another committee: neither record is in his scope
    assert panels(client)["超期"]["count"] == "0"
    assert client.get(reverse("clocks:due"), {"due": "overdue"}).context["items"] == []


def test_the_deadline_list_pages_across_ledgers(
    client, handler, registrar, employer, valid_id, make_petition, monkeypatch
):
    from xinfang.clocks import views

    monkeypatch.setattr(views, "DUE_PAGE_SIZE", 2)
    for days in (20, 30, 40):
        make_petition(registrar, received_at=timezone.now() - timedelta(days=days))
        register_mediation(
            by=handler,
            data=mediation_input(
                employer, valid_id, received_on=timezone.localdate() - timedelta(days=days + 1)
            ),
        )
    client.force_login(handler)
    seen, cursor = [], None
    while True:
        page = client.get(reverse("clocks:due"), {"due": "overdue", **({"cursor": cursor} if cursor else {})})
        seen += [(i.due_on, i.ledger) for i in page.context["items"]]
        cursor = page.context["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 6 and seen == sorted(seen, key=lambda s: s[0])
    assert {ledger for _, ledger in seen} == {"信访", "劳动争议调解"}


def test_a_historical_clock_is_kept_but_never_noted_nor_queued(client, registrar, handler, make_petition):
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    Clock.objects.filter(petition=petition).update(is_historical=True)
    assert "超期 0 件" in _tick()
    assert not petition.events.filter(kind=EventKind.OVERDUE).exists()
    assert not Reminder.objects.about(petition).exists()
    client.force_login(handler)
    assert panels(client)["超期"]["count"] == "0"
    clock = petition.clocks.get(kind=ClockKind.INTAKE)
    assert clock.due_on < timezone.localdate() and clock.stopped_at is None  # its dates stay, for statistics


def test_a_ledgers_queue_rows_are_its_own(client, handler, registrar, make_petition):
    """The queue rows come from the ledger (names as the user may see them), with the clock's due date."""
    petition = make_petition(registrar, received_at=timezone.now() - timedelta(days=40))
    client.force_login(handler)
    row = panels(client)["超期"]["rows"][0]
    assert isinstance(row, Row) and row.link == petition.get_absolute_url()
    assert row.due_on == petition.clocks.get(kind=ClockKind.INTAKE).due_on


def _tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_the_deadline_list_runs_a_fixed_number_of_queries(
    client, registrar, handler, employer, valid_id, make_petition
):
    def add(days: int) -> None:
        make_petition(registrar, received_at=timezone.now() - timedelta(days=days))
        register_mediation(
            by=handler,
            data=mediation_input(employer, valid_id, received_on=timezone.localdate() - timedelta(days=days)),
        )

    add(30)
    client.force_login(handler)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("clocks:due"), {"due": "overdue"})
    for days in (20, 40, 50, 60):
        add(days)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("clocks:due"), {"due": "overdue"})
    assert len(page.context["items"]) == 10 and len(many) == len(few)
