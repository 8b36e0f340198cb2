from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "xinfang.workbench"
    verbose_name = "工作台"

    def ready(self) -> None:
        from xinfang.accounts.navigation import MenuEntry, register_menu_entry

        register_menu_entry(MenuEntry("工作台", "home", 10))
