"""What the mediations ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.figures.registry import register_figure
from xinfang.inbox.queues import register_queue

from . import figures, queues

register_menu_entry(MenuEntry("劳动争议调解", "mediations:list", 40))
register_queue(*queues.HOME_QUEUES)
register_figure(*figures.FIGURES)
