"""What the delegate apportionment ledger contributes to the core's registries (docs/architecture.md,
"Registries"). Imported once, by the app's ``AppConfig.ready()``."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import UNION_WORK, MenuEntry, register_menu_entry
from xinfang.documents.registry import register_templates
from xinfang.ops.demo import DemoPart, register_demo_part

from . import abilities, demo, tables

register_abilities(*abilities.ABILITIES)
register_menu_entry(MenuEntry("代表名额分配", "delegates:list", 58, group=UNION_WORK))
register_templates(tables.TEMPLATES)
register_demo_part(DemoPart(name="delegates", order=90, build=demo.build_demo))
