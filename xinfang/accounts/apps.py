from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xinfang.accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from . import sessions  # noqa: F401  (its login receiver)
        from .navigation import MenuEntry, register_menu_entry

        register_menu_entry(
            # The employer register's entry: orgs ranks below accounts, so the menu's owner registers it.
            MenuEntry("用人单位", "orgs:employer_list", 70),
            MenuEntry("系统管理", "admin:index", 90, shown_to=lambda user: user.can("admin.manage")),
        )
