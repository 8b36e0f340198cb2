from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "xinfang.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from xinfang.accounts.navigation import MenuEntry, register_menu_entry

        register_menu_entry(
            MenuEntry("运行状态", "health", 100, shown_to=lambda user: user.can("admin.manage"))
        )
