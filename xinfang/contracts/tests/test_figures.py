"""The contract figures and the summary against hand-computed figures: the sample summary's paragraph (14 regional
and 3 industry contracts of 40 are 42.5%, not the 39% it printed), coverage by type, one decimal, exact fractions;
the figures registered under stable keys; the list page's summary block for the filtered period."""

import re
from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from xinfang.contracts.figures import summary
from xinfang.contracts.models import Contract
from xinfang.figures.registry import Period, figures


def _bulk(org, by, rows):
    """Contracts written straight to the table (type, employers, sole traders, workers, signed on)."""
    from xinfang.orgs.scoping import levels_of

    made = []
    for i, (contract_type, employers, sole, workers, signed_on) in enumerate(rows, start=1):
        made.append(
            Contract(
                federation=org.federation(),
                year=signed_on.year,
                seq=i,
                number=f"T{i:04d}",
                org=org,
                contract_type=contract_type,
                kind="comprehensive",
                industry="C" if contract_type == "industry" else "",
                employer_side=f"单位{i}",
                worker_side="工会",
                employers_covered=employers,
                sole_traders_covered=sole,
                workers_covered=workers,
                voted_on=date(2025, 12, 1),
                representatives_total=60,
                representatives_present=52,
                votes_for=49,
                signed_on=signed_on,
                filing_due_on=signed_on,
                starts_on=date(2026, 10, 1),
                ends_on=date(2029, 9, 30),
                renewal_opens_on=date(2029, 7, 1),
                created_by=by,
                **{f"org_level{d}": v for d, v in enumerate(levels_of(org), start=1)},
            )
        )
    Contract.objects.bulk_create(made)


@pytest.fixture
def sample(federation, handler):
    """The sample summary's year: 40 contracts; 14 regional and 3 industry ones cover 2,000 of 2,023 employers and
    15,988 of 18,620 workers. 23 single contracts cover one employer each and 2,632 workers."""
    signed = date(2026, 3, 1)
    rows = [("regional", 140, 40, 1100, signed)] * 13 + [
        ("regional", 170, 10, 1207, signed)
    ]  # 14: 1,990 / 15,507
    rows += [
        ("industry", 3, 0, 160, signed),
        ("industry", 3, 0, 160, signed),
        ("industry", 4, 0, 161, signed),
    ]
    rows += [("single", 1, 0, 114, signed)] * 22 + [("single", 1, 0, 124, signed)]  # 23: 23 / 2,632
    rows += [("regional", 50, 5, 999, date(2025, 12, 31))]  # another year: not counted
    _bulk(federation, handler, rows)


def test_the_sample_paragraph_recomputed_by_hand(sample, handler):
    s = summary(Contract.objects.visible_to(handler).filter(signed_on__year=2026))
    assert (s.total.contracts, s.total.employers, s.total.workers) == (40, 2023, 18620)
    assert [(t.contracts, t.employers, t.workers) for t in s.by_type] == [
        (23, 23, 2632),
        (14, 1990, 15507),
        (3, 10, 481),
    ]
    assert s.sole_traders == 13 * 40 + 10
    assert (s.by_count.numerator, s.by_count.denominator, str(s.by_count)) == (17, 40, "42.5%")
    assert s.by_count.value == Fraction(17, 40)
    assert (s.by_employers.stated(), s.by_workers.stated()) == ("98.9%（2000/2023）", "85.9%（15988/18620）")
    assert "占合同总数的42.5%（17/40）" in s.sentence()


def test_no_contracts_give_no_share_not_zero(handler):
    s = summary(Contract.objects.visible_to(handler))
    assert s.total.contracts == 0 and str(s.by_count) == "—" and s.by_count.value is None


def test_the_figures_are_registered_under_stable_keys_and_count_by_signing_date(sample, handler):
    registered = {f.key: f for f in figures("contracts")}
    for key in ("signed", "employers", "sole_traders", "workers", "signed_regional", "employers_industry",
                "workers_single", "signed_wage"):  # fmt: skip
        assert key in registered
    year = Period.year(2026)
    assert registered["signed"].compute(handler, year) == 40
    assert registered["signed_regional"].compute(handler, year) == 14
    assert registered["employers_industry"].compute(handler, year) == 10
    assert registered["workers"].compute(handler, year) == 18620
    assert registered["signed"].compute(handler, Period.year(2025)) == 1


def test_figures_keep_to_the_scope(sample, outsider):
    assert (
        next(f for f in figures("contracts") if f.key == "signed").compute(outsider, Period.year(2026)) == 0
    )


def test_the_list_page_states_the_summary_of_the_filtered_period(sample, handler, client):
    client.force_login(handler)
    period = {"signed_from": "2026-01-01", "signed_to": "2026-12-31"}
    # The rows come first; the summary is asked for once the page is shown (htmx), or by its link.
    first = client.get(reverse("contracts:list"), period).content.decode()
    assert "签订集体合同40份" not in first
    asks = re.search(r'id="contract-summary" hx-get="([^"]+)"', first)
    assert asks and asks.group(1) == "/contracts/?signed_from=2026-01-01&amp;signed_to=2026-12-31&summary=1"
    page = client.get(reverse("contracts:list"), {**period, "summary": "1"}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.lstrip().startswith('<div class="xf-card" id="contract-summary">')  # the summary alone
    assert "签订集体合同40份" in text and "42.5%（17/40）" in text and "98.9%（2000/2023）" in text
    # all 41 listed, this year's summed; without htmx the link gives the whole page with the summary
    unfiltered = client.get(reverse("contracts:list"), {"summary": "1"}).content.decode()
    assert "本年（2026年）" in unfiltered and "签订集体合同40份" in unfiltered
    assert unfiltered.count('<td><a href="/contracts/') == 41
    listed = client.get(reverse("contracts:list"))
    assert len(listed.context["page"].items) == 41
    assert listed.content.decode().count('<td><a href="/contracts/') == 41  # each one a row of the table
    earlier = client.get(
        reverse("contracts:list"), {"signed_from": "2025-01-01", "signed_to": "2025-12-31", "summary": "1"}
    )
    assert (
        "签订集体合同1份" in earlier.content.decode()
        and "占合同总数的100.0%（1/1）" in earlier.content.decode()
    )


def test_the_list_pages_by_keyset_in_a_fixed_number_of_queries(
    sample, handler, client, django_assert_max_num_queries
):
    client.force_login(handler)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("contracts:list"))
    assert first.context["page"].next_cursor is None or len(first.context["page"].items) == 50
