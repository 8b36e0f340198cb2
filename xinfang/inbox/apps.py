from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "xinfang.inbox"
    verbose_name = "待办提醒"

    def ready(self) -> None:
        from xinfang.accounts.navigation import MenuEntry, register_menu_entry

        from .context_processors import unread_count

        register_menu_entry(MenuEntry("待办提醒", "inbox:list", 60, badge=unread_count))
