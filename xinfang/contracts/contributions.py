"""What the collective-contract ledger contributes to the core's registries (docs/architecture.md, "Registries").
Imported once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.clocks.jobs import Job, register_job
from xinfang.clocks.registry import register_clocks
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.inbox.queues import register_queue
from xinfang.ops.demo import DemoPart, register_demo_part
from xinfang.orgs.sections import EmployerSection, register_employer_section

from . import abilities, clocks, demo, figures, imports, queues, renewals, sections

register_abilities(*abilities.ABILITIES)
register_menu_entry(MenuEntry("集体合同", "contracts:list", 55))
register_queue(*queues.HOME_QUEUES)
register_figure(*figures.FIGURES)
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
register_import_kind(imports.KIND)
register_demo_part(DemoPart(name="contracts", order=40, build=demo.build_demo))
