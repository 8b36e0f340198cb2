"""The collective-contract ledger's figures (registered in ``contributions.py``; docs/figures.md): counted by the
signing date (``signed_on``), within the contract scope rule. Keys are stable (``contracts.signed``,
``contracts.workers_regional`` …) so that the yearly targets can refer to them.

Beside the registered counts and sums, ``summary`` states what the report's paragraph says: the contracts, the
employers (of them sole traders) and workers covered, by type, and the shares of regional and industry contracts
by count, by employers and by workers, each an exact ``Rate`` written with one decimal (14 + 3 of 40 contracts is
42.5%). All of it is one query over the records given (a period's, or a list's as filtered)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from xinfang.figures.registry import Figure, in_period, totals
from xinfang.lib.rates import Rate, share

from .models import Contract, ContractKind, ContractType

LEDGER = "contracts"


signed = in_period(Contract, "signed_on")  # the contracts in the user's scope signed in the period


def _by_type(contract_type: str) -> list[Figure]:
    label = ContractType(contract_type).label
    where = Q(contract_type=contract_type)
    return [
        Figure(
            LEDGER, f"signed_{contract_type}", f"{label}集体合同", "份", signed, Count("pk", filter=where)
        ),
        Figure(
            LEDGER,
            f"employers_{contract_type}",
            f"{label}集体合同覆盖企业",
            "家",
            signed,
            Sum("employers_covered", filter=where),
        ),
        Figure(
            LEDGER,
            f"workers_{contract_type}",
            f"{label}集体合同覆盖职工",
            "人",
            signed,
            Sum("workers_covered", filter=where),
        ),
    ]


def _by_kind(kind: str) -> Figure:
    return Figure(
        LEDGER, f"signed_{kind}", ContractKind(kind).label, "份", signed, Count("pk", filter=Q(kind=kind))
    )


FIGURES = [
    Figure(LEDGER, "signed", "签订集体合同", "份", signed, Count("pk")),
    Figure(LEDGER, "employers", "集体合同覆盖企业", "家", signed, Sum("employers_covered")),
    Figure(LEDGER, "sole_traders", "其中个体工商户", "家", signed, Sum("sole_traders_covered")),
    Figure(LEDGER, "workers", "集体合同覆盖职工", "人", signed, Sum("workers_covered")),
    *(f for t in ContractType.values for f in _by_type(t)),
    *(_by_kind(k) for k in ContractKind.values),
]


@dataclass(frozen=True)
class Coverage:
    """One type's (or all contracts') count and coverage."""

    title: str
    contracts: int
    employers: int
    workers: int


@dataclass(frozen=True)
class Summary:
    """The contract paragraph of a report, over some records."""

    total: Coverage
    sole_traders: int
    by_type: list[Coverage]
    by_count: Rate  # regional + industry contracts of all contracts
    by_employers: Rate  # employers they cover of all employers covered
    by_workers: Rate  # workers they cover of all workers covered

    def sentence(self) -> str:
        """The paragraph's figures in one sentence, each share with its exact fraction."""
        t = self.total
        regional, industry = self.by_type[1], self.by_type[2]
        return (
            f"签订集体合同{t.contracts}份，覆盖企业{t.employers}家（其中个体工商户{self.sole_traders}家），"
            f"覆盖职工{t.workers}人；其中区域性{regional.contracts}份、行业性{industry.contracts}份，"
            f"占合同总数的{self.by_count.stated()}，覆盖企业占{self.by_employers.stated()}，"
            f"覆盖职工占{self.by_workers.stated()}。"
        )


def summary(records) -> Summary:
    """The summary of the given contracts (within a scope and filtered already), in one query."""
    counted = totals(records, FIGURES)
    values = {key: int(value) for key, value in counted.items()}  # counts and sums of whole numbers
    total = Coverage("合计", values["signed"], values["employers"], values["workers"])
    by_type = [
        Coverage(
            f"{ContractType(t).label}集体合同",
            values[f"signed_{t}"],
            values[f"employers_{t}"],
            values[f"workers_{t}"],
        )
        for t in ContractType.values
    ]
    wider = [c for t, c in zip(ContractType.values, by_type, strict=True) if t != ContractType.SINGLE]
    return Summary(
        total=total,
        sole_traders=values["sole_traders"],
        by_type=by_type,
        by_count=share([c.contracts for c in wider], total.contracts),
        by_employers=share([c.employers for c in wider], total.employers),
        by_workers=share([c.workers for c in wider], total.workers),
    )
