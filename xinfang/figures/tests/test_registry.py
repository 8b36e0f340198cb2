"""The figures registry: each ledger's figures, over the user's scope and a period of domain dates."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xinfang.figures import registry
from xinfang.figures.registry import Figure, Period, compute, figures, register_figure
from xinfang.mediations.actions import register_mediation
from xinfang.mediations.inputs import MediationIn, WorkerIn

BEIJING = ZoneInfo("Asia/Shanghai")


def by_key(ledger: str) -> dict[str, Figure]:
    return {f.key: f for f in figures(ledger)}


def test_petitions_mediations_and_consultations_register_their_figures():
    assert list(by_key("petitions")) == ["cases", "person_times", "collective", "urgent"]
    assert list(by_key("mediations")) == [
        "cases",
        "people",
        "claimed",
        "settled",
        "recovered",
        "from_petitions",
    ]
    assert list(by_key("consultations")) == ["cases", "people"]
    assert {f.unit for f in figures("mediations")} == {"宗", "人", "元"}


@pytest.fixture
def register(handler, employer, valid_id):
    def make(received_on: date, amount: str) -> None:
        data = MediationIn(
            body="federation",
            application_form="written",
            received_on=received_on,
            dispute_type="pay",
            claims="要求支付拖欠的工资。",
            workers=[WorkerIn(name="王五", id_number=valid_id)],
            employer_id=employer.pk,
            people_count=2,
            amount_claimed=Decimal(amount),
        )
        register_mediation(by=handler, data=data)

    return make


def test_a_mediation_figure_counts_the_cases_received_in_the_period_within_the_scope(
    register, handler, outsider
):
    today = timezone.localdate()
    register(today - timedelta(days=3), "1000.50")
    register(today - timedelta(days=40), "2000.00")
    period = Period(today - timedelta(days=30), today)
    mediations = by_key("mediations")
    assert mediations["cases"].compute(handler, period) == 1
    assert mediations["claimed"].compute(handler, period) == Decimal("1000.50")
    assert mediations["claimed"].compute(handler, Period(today - timedelta(days=60), today)) == Decimal(
        "3000.50"
    )
    assert mediations["cases"].compute(outsider, period) == 0  # another committee's handler
    assert mediations["recovered"].compute(handler, period) == 0  # a sum over nothing is 0, not None


def test_figures_of_one_ledger_are_computed_in_one_query(register, handler):
    register(timezone.localdate(), "10.00")
    chosen = figures("mediations") + figures("consultations")
    with CaptureQueriesContext(connection) as queries:
        values = compute(chosen, user=handler, period=Period.year(timezone.localdate().year))
    assert len([q for q in queries if q["sql"].startswith("SELECT")]) == 2
    assert [(f.ledger, f.key, v) for f, v in values][:3] == [
        ("mediations", "cases", 1),
        ("mediations", "people", 2),
        ("mediations", "claimed", Decimal("10.00")),
    ]


def test_a_petition_counts_in_the_year_of_its_beijing_date(registrar, handler, make_petition):
    new_years_eve = datetime(2025, 12, 31, 23, 30, tzinfo=BEIJING)  # 15:30 UTC, still 2025 in Beijing
    make_petition(registrar, received_at=new_years_eve)
    make_petition(registrar, received_at=new_years_eve + timedelta(hours=1))
    cases = by_key("petitions")["cases"]
    assert cases.compute(handler, Period.year(2025)) == 1
    assert cases.compute(handler, Period.year(2026)) == 1


def test_a_figure_registered_again_under_its_key_replaces_the_first(monkeypatch):
    monkeypatch.setattr(registry, "FIGURES", list(registry.FIGURES))
    records = by_key("mediations")["cases"].records
    register_figure(Figure("mediations", "cases", "案件数", "宗", records, Count("pk")))
    assert [f.title for f in figures("mediations") if f.key == "cases"] == ["案件数"]
