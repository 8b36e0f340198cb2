from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "xinfang.clocks"
    verbose_name = "期限与节假日"

    def ready(self) -> None:
        from xinfang.accounts.navigation import MenuEntry, register_menu_entry

        register_menu_entry(MenuEntry("期限计算", "clocks:calculator", 80))
