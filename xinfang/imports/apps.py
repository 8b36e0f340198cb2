from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "xinfang.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from xinfang.accounts.navigation import MenuEntry, register_menu_entry

        from .kinds import employers, orgs, persons
        from .registry import import_kinds, register_import_kind

        register_import_kind(orgs.KIND, employers.KIND, persons.KIND)
        register_menu_entry(
            MenuEntry(
                "数据导入",
                "imports:page",
                80,
                shown_to=lambda user: any(kind.may_import(user) for kind in import_kinds()),
            )
        )
