"""Demo collective contracts over the last six years, inserted in bulk: each committee's regional and industry
contracts and the single-employer contracts of larger employers, renewed every term, so that the list, the
figures and the queues (to file, under review, expiring) have something real to show."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from xinfang.accounts.models import User
from xinfang.clocks.models import work_calendar
from xinfang.lib import contractdates
from xinfang.orgs.models import Employer, Industry, Org, OrgKind, Ownership
from xinfang.orgs.scoping import levels_of

from .models import (
    ClockKind,
    Contract,
    ContractClock,
    ContractCounter,
    ContractEmployer,
    ContractEvent,
    ContractKind,
    ContractType,
    EventKind,
    Status,
)

INDUSTRIES = [Industry.C, Industry.E, Industry.F, Industry.H, Industry.G, Industry.O]


DEMO_ROWS = 300  # the district's few hundred contracts (chains of renewals); make bench asks for 100,000


def build(federation: Org, rng: random.Random, count: int) -> str:
    """Up to ``count`` contracts (the kit's demo part and ``ledger_bench_rows``)."""
    return f"新增集体合同 {make_demo(federation, count, rng)} 份"


def make_demo(federation: Org, count: int, rng: random.Random) -> int:
    """Contracts (as chains of renewals) up to ``count`` in all. Idempotent: adds only what is missing."""
    count -= Contract.objects.count()
    if count <= 0:
        return 0
    registrar = User.objects.filter(username__in=["chengban", "dengji"]).first()
    committees = list(Org.objects.filter(kind=OrgKind.COMMITTEE, parent=federation))
    if registrar is None or not committees:
        return 0
    employers = list(
        Employer.objects.filter(merged_into__isnull=True)
        .exclude(ownership=Ownership.SOLE_TRADER)
        .order_by("-employees", "pk")
        .values_list("pk", "name", "employees")[: count * 2]
    )
    calendar = work_calendar()
    today = timezone.localdate()
    prefix = federation.petition_prefix.removesuffix("信") or federation.short_name
    seqs = dict(ContractCounter.objects.filter(federation=federation).values_list("year", "last_seq"))
    contracts: list[Contract] = []
    covered: list[tuple[int, int]] = []  # (index of the contract, employer id)
    chains = 0
    keys: set[tuple] = set(Contract.objects.values_list("org_id", "signed_on", "kind", "employer_side"))
    while len(contracts) < count:
        chains += 1
        org = rng.choice(committees)
        contract_type = rng.choices(ContractType.values, [55, 30, 15])[0]
        kind = rng.choices(ContractKind.values, [60, 20, 12, 8])[0]
        industry = rng.choice(INDUSTRIES) if contract_type == ContractType.INDUSTRY else ""
        employer = (
            employers[chains % len(employers)] if employers and contract_type == ContractType.SINGLE else None
        )
        if contract_type == ContractType.SINGLE:
            side = employer[1] if employer else f"{org.short_name}某企业"
            n_employers, sole = 1, 0
            workers = max(20, (employer[2] or 50) if employer else rng.randint(30, 800))
        else:
            what = Industry(industry).label[:6] if industry else ""
            side = f"{org.name.removesuffix('工委会')}{what}企业代表组织"
            n_employers = rng.randint(30, 400)
            sole = rng.randint(0, n_employers // 2)
            workers = n_employers * rng.randint(6, 25)
        # A chain of terms, the last one running now (or about to be signed again).
        term = rng.choice([3, 3, 2, 1])
        starts_on = date(today.year - rng.randint(1, 6), rng.choice([1, 1, 4, 7, 10]), 1)
        predecessor_index: int | None = None
        while starts_on <= today and len(contracts) < count:
            ends_on = contractdates.term_ends_on(starts_on, term)
            signed_on = starts_on - timedelta(days=rng.randint(5, 40))
            while (org.pk, signed_on, kind, side) in keys:  # the natural key is unique
                signed_on -= timedelta(days=1)
            keys.add((org.pk, signed_on, kind, side))
            voted_on = signed_on - timedelta(days=rng.randint(1, 10))
            total = rng.randint(20, 120)
            present = rng.randint(-(-2 * total // 3), total)
            votes_for = rng.randint(total // 2 + 1, max(total // 2 + 1, present))
            filing = contractdates.filing_due(calendar, signed_on=signed_on).due_on
            status, filed_on, review_ends, effective_on = Status.EFFECTIVE, None, None, None
            if signed_on > today - timedelta(days=8):
                status = Status.SIGNED
            else:
                filed_on = signed_on + timedelta(days=rng.randint(1, 9))
                review_ends = contractdates.review_ends(calendar, received_on=filed_on).due_on
                if review_ends >= today:
                    status = Status.FILED
                else:
                    effective_on = review_ends + timedelta(days=1)
            if signed_on > today:
                break
            year = signed_on.year
            seqs[year] = seqs.get(year, 0) + 1
            contract = Contract(
                federation=federation,
                year=year,
                seq=seqs[year],
                number=f"{prefix}集合〔{year}〕{seqs[year]:04d}",
                org=org,
                contract_type=contract_type,
                kind=kind,
                industry=industry,
                employer_side=side,
                worker_side=f"{org.name.removesuffix('工委会')}总工会"
                if contract_type != "single"
                else f"{side}工会",
                employer_chief=rng.choice(["李明", "陈建国", "张伟", "黄海", "刘洋"]),
                worker_chief=rng.choice(["王芳", "赵丽", "周强", "吴敏", "孙静"]),
                employers_covered=n_employers,
                sole_traders_covered=sole,
                workers_covered=workers,
                voted_on=voted_on,
                representatives_total=total,
                representatives_present=present,
                votes_for=votes_for,
                signed_on=signed_on,
                filing_due_on=filing,
                filed_on=filed_on,
                review_ends_on=review_ends,
                effective_on=effective_on,
                starts_on=starts_on,
                ends_on=ends_on,
                renewal_opens_on=contractdates.renewal_opens_on(ends_on),
                status=status,
                created_by=registrar,
                created_at=timezone.now() - timedelta(days=(today - signed_on).days),
                **{f"org_level{i}": v for i, v in enumerate(levels_of(org), start=1)},
            )
            contract._demo_predecessor = predecessor_index  # type: ignore[attr-defined]
            predecessor_index = len(contracts)
            contracts.append(contract)
            if employer is not None:
                covered.append((predecessor_index, employer[0]))
            starts_on = ends_on + timedelta(days=1)
            # Workers and employers grow a little from one term to the next.
            workers = workers + rng.randint(0, workers // 10 + 1)
    Contract.objects.bulk_create(contracts, batch_size=500)
    assert all(c.pk for c in contracts)  # bulk_create returns the ids (PostgreSQL, SQLite 3.35+)
    renewals = []
    for c in contracts:
        index = c._demo_predecessor  # type: ignore[attr-defined]
        if index is not None:
            c.predecessor_id = contracts[index].pk
            renewals.append(c)
    Contract.objects.bulk_update(renewals, ["predecessor"], batch_size=500)
    ContractEmployer.objects.bulk_create(
        [ContractEmployer(contract_id=contracts[i].pk, employer_id=e) for i, e in covered], batch_size=1000
    )
    _clocks_and_events(contracts, calendar, today)
    for year, last in seqs.items():
        ContractCounter.objects.update_or_create(
            federation=federation, year=year, defaults={"last_seq": last}
        )
    return len(contracts)


def _clocks_and_events(contracts: list[Contract], calendar, today: date) -> None:
    clocks, events = [], []
    now = timezone.now()
    for c in contracts:
        at = now - timedelta(days=(today - c.signed_on).days)
        events.append(
            ContractEvent(
                contract_id=c.pk,
                at=at,
                by_id=c.created_by_id,
                kind=EventKind.CREATED,
                summary=f"登记{c.type_label}，编号{c.number}；应于{c.filing_due_on:%Y-%m-%d}前报送审查",
            )
        )
        filing = ContractClock(
            contract_id=c.pk,
            kind=ClockKind.FILING,
            started_on=c.signed_on,
            days=contractdates.FILING_DAYS,
            due_on=c.filing_due_on,
        )
        clocks.append(filing)
        if c.filed_on is None:
            continue
        filing.stopped_at = now - timedelta(days=(today - c.filed_on).days)
        filing.stopped_late = c.filed_on > c.filing_due_on
        assert c.review_ends_on is not None
        review = ContractClock(
            contract_id=c.pk,
            kind=ClockKind.REVIEW,
            started_on=c.filed_on,
            days=contractdates.REVIEW_DAYS,
            due_on=c.review_ends_on,
        )
        clocks.append(review)
        events.append(
            ContractEvent(
                contract_id=c.pk,
                at=filing.stopped_at,
                by_id=c.created_by_id,
                kind=EventKind.FILED,
                summary=f"{c.filed_on:%Y-%m-%d}报送劳动行政部门审查",
            )
        )
        if c.effective_on is not None:
            review.stopped_at = now - timedelta(days=(today - c.effective_on).days)
            review.stopped_late = False
            review.overdue_noted_at = review.stopped_at
            events.append(
                ContractEvent(
                    contract_id=c.pk,
                    at=review.stopped_at,
                    kind=EventKind.EFFECTIVE,
                    summary=f"审查期限内未提出异议，自{c.effective_on:%Y-%m-%d}起生效",
                )
            )
    ContractClock.objects.bulk_create(clocks, batch_size=1000)
    ContractEvent.objects.bulk_create(events, batch_size=1000)
