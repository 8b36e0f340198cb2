"""What the consultations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.figures.registry import register_figure

from . import figures

register_menu_entry(MenuEntry("法律咨询", "consultations:list", 50))
register_figure(*figures.FIGURES)
