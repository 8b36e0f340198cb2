"""What the workers' home ledger contributes to the core's registries (docs/architecture.md, "Registries").
Imported once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.clocks.jobs import Job, register_job
from xinfang.figures.registry import register_figure
from xinfang.imports.registry import register_import_kind
from xinfang.ops.demo import DemoPart, register_demo_part

from . import abilities, demo, figures, importing, jobs

register_abilities(*abilities.ABILITIES)
register_menu_entry(MenuEntry("职工之家", "homes:list", 70))
register_figure(*figures.FIGURES)
register_job(Job("homes.reinspections", 60, jobs.note_reinspections_due))
register_import_kind(importing.KIND)
register_demo_part(DemoPart(name="homes", order=70, build=demo.build_demo))
