"""What the petitions ledger contributes to the core's registries (docs/architecture.md, "Registries"). Imported
once, by the app's ``AppConfig.ready()``; the core iterates the registries and never names this ledger."""

from xinfang.accounts.navigation import MenuEntry, register_menu_entry
from xinfang.figures.registry import register_figure
from xinfang.inbox.queues import register_queue

from . import figures, queues

register_menu_entry(
    MenuEntry("信访件", "petitions:list", 20),
    MenuEntry(
        "登记信访",
        "petitions:create",
        30,
        shown_to=lambda user: user.can("register_petition"),
        accesskey="n",
        on_home=True,
    ),
)
register_queue(*queues.HOME_QUEUES)
register_figure(*figures.FIGURES)
