"""What the delegate apportionment ledger contributes to the core's registries (docs/architecture.md,
"Registries"). Imported once, by the app's ``AppConfig.ready()``."""

from __future__ import annotations

from xinfang.accounts.abilities import register_abilities
from xinfang.accounts.navigation import UNION_WORK, MenuEntry, register_menu_entry
from xinfang.documents.registry import register_templates

from . import abilities, tables

register_abilities(*abilities.ABILITIES)
register_menu_entry(MenuEntry("代表名额分配", "delegates:list", 58, group=UNION_WORK))
register_templates(tables.TEMPLATES)
