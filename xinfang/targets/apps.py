from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "xinfang.targets"
    verbose_name = "年度任务"

    def ready(self) -> None:
        from xinfang.accounts.abilities import register_abilities
        from xinfang.accounts.navigation import UNION_WORK, MenuEntry, register_menu_entry

        from .abilities import ABILITIES

        register_abilities(*ABILITIES)
        register_menu_entry(MenuEntry("年度任务", "targets:completion", 59, group=UNION_WORK))

        from xinfang.ops.demo import DemoPart, register_demo_part

        from . import demo

        # After every ledger's part (their records give last year's done figures).
        register_demo_part(DemoPart(name="targets", order=900, build=demo.build_demo))
