from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "xinfang.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from .kinds import employers, orgs, persons
        from .registry import register_import_kind

        # No entry in the top menu (moving in is rare, the menu is for daily work): the registers' pages link
        # to the import page (the employer register: 数据导入, 导出 Excel), and so will the ledgers' lists.
        register_import_kind(orgs.KIND, employers.KIND, persons.KIND)
