"""The collective-contract ledger, declared to the ledger kit (docs/architecture.md, "Add a simple ledger"): its
list (with the summary block), create and edit pages, export and import (natural key: the responsible
organisation, the signing date, the kind and the employer side), API list/detail/create/update, menu entry, demo
part and ``make bench`` come from this declaration; its steps, clocks, queues, tick job and employer-page section
are registered here too (docs/architecture.md, "Registries")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import UNION_WORK
from xinfang.clocks.jobs import Job, register_job
from xinfang.clocks.registry import register_clocks
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import Column, ColumnType
from xinfang.inbox.queues import register_queue
from xinfang.ledgerkit.declaration import Ledger, register_ledger
from xinfang.orgs.models import Industry
from xinfang.orgs.sections import EmployerSection, register_employer_section

from . import abilities, actions, clocks, demo, figures, queues, renewals, sections, views
from .api import ContractLinks
from .forms import ContractFilters, ContractForm, contract_initial
from .inputs import ContractIn
from .models import Contract, ContractKind, ContractType, Status

COLUMNS = (
    Column("合同类型", "contract_type", ColumnType.CHOICE, required=True, choices=ContractType.choices,
           example="区域性", help="单个用人单位、区域性或行业性。"),
    Column("合同种类", "kind", ColumnType.CHOICE, required=True, choices=ContractKind.choices,
           example="综合性集体合同", width=26),
    Column("行业", "industry", ColumnType.CHOICE, choices=Industry.choices, example="", width=24,
           help="行业性集体合同必填。"),
    Column("用人单位方", "employer_side", required=True, example="东湖街道企业联合会", width=30,
           help="单个合同为用人单位名称，区域性、行业性合同为企业方代表组织。"),
    Column("职工方（工会）", "worker_side", required=True, example="东湖街道总工会", width=24),
    Column("用人单位方首席代表", "employer_chief", example="李明", width=12),
    Column("职工方首席代表", "worker_chief", example="王芳", width=12),
    Column("覆盖企业数", "employers_covered", ColumnType.INTEGER, required=True, example="120", width=10,
           help="含个体工商户；单个合同为1。"),
    Column("其中个体工商户数", "sole_traders_covered", ColumnType.INTEGER, example="35", width=10),
    Column("覆盖职工人数", "workers_covered", ColumnType.INTEGER, required=True, example="3500", width=10),
    Column("职代会审议日期", "voted_on", ColumnType.DATE, required=True, example="2026-03-10", width=14),
    Column("职工代表总数", "representatives_total", ColumnType.INTEGER, required=True, example="60", width=10),
    Column("出席代表人数", "representatives_present", ColumnType.INTEGER, required=True, example="52", width=10,
           help="不少于职工代表总数的三分之二。"),
    Column("赞成票数", "votes_for", ColumnType.INTEGER, required=True, example="49", width=10,
           help="超过职工代表总数的半数（不是出席人数的半数）。"),
    Column("签订日期", "signed_on", ColumnType.DATE, required=True, example="2026-03-15", width=14),
    Column("报送日期", "filed_on", ColumnType.DATE, example="2026-03-20", width=14,
           help="劳动行政部门收到合同文本之日；已报送的填写。"),
    Column("期限起始日", "starts_on", ColumnType.DATE, required=True, example="2026-04-01", width=14),
    Column("期限终止日", "ends_on", ColumnType.DATE, required=True, example="2029-03-31", width=14,
           help="期限为1至3年。"),
    Column("责任组织", "org", ColumnType.ORGANISATION, required=True, example="东湖街道工委会", width=20,
           help="负责该合同的工会组织（名称或组织代码），须在您的管辖范围内；是识别同一份合同的依据之一。"),
    Column("合同编号", "number", example="", width=18, read=lambda c: c.number,
           help="导出时填写；导入时不读（编号由系统按年度顺序编制）。"),
    Column("状态", "status", ColumnType.CHOICE, choices=Status.choices, example="", width=10,
           help="导出时填写；导入时不读（状态由报送、审查各步骤决定）。"),
    Column("备注", "note", example="", width=30),
)  # fmt: skip


def _import_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """A row's cells as the input: the number and the status are the export's, never read back."""
    return {k: v for k, v in values.items() if k not in ("number", "status")}


LEDGER = Ledger(
    key="contracts",
    title="集体合同台账",
    noun="集体合同",
    model=Contract,
    date_field="signed_on",
    columns=COLUMNS,
    filterset=ContractFilters,
    form=ContractForm,
    input=ContractIn,
    create=actions.register_contract,
    update=actions.update_contract,
    validate=actions.check_contract,
    ability=abilities.RECORD,
    natural_key="责任组织、签订日期、合同种类和用人单位方：四者相同的为同一份合同，已在册的再次导入时不作改动",
    key_fields=("org", "signed_on", "kind", "employer_side"),
    menu_order=55,
    menu_group=UNION_WORK,
    list_columns=(
        "number",
        "contract_type",
        "kind",
        "employer_side",
        "employers_covered",
        "workers_covered",
        "signed_on",
        "ends_on",
        "status",
        "org",
    ),
    list_related=("org",),
    api_out=ContractLinks,
    api_prefetch=("employer_links",),
    initial=contract_initial,
    import_data=_import_data,
    demo=demo.build,
    demo_rows=demo.DEMO_ROWS,
    views={"list": views.contract_list, "detail": views.contract_detail},
    order=30,
)

register_abilities(*abilities.ABILITIES)
register_figure(*figures.FIGURES)
register_ledger(LEDGER)  # its menu entry, import kind and demo part with it
register_queue(*queues.HOME_QUEUES)
register_clocks(clocks.CLOCKS)  # with its tick job, contracts.clocks (order 40): filing overdue, effective
register_job(Job(name="contracts.renewals", order=41, run=renewals.note_renewals))
register_employer_section(
    EmployerSection(
        title="集体合同",
        order=40,
        template="contracts/_employer_section.html",
        context=sections.employer_contracts,
    )
)
