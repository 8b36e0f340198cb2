from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "xinfang.clocks"
    verbose_name = "期限与节假日"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from xinfang.accounts.navigation import MenuEntry, register_menu_entry
        from xinfang.inbox.queues import register_queue

        from .models import HolidayOverride
        from .queues import HOME_QUEUES
        from .signals import calendar_changed, remember_old_date

        register_menu_entry(MenuEntry("期限计算", "clocks:calculator", 80))
        from xinfang.orgs.models import org_moved

        from .scope import orgs_moved

        org_moved.connect(orgs_moved, dispatch_uid="clocks.scope.orgs_moved")  # after orgs' own refresh
        register_queue(*HOME_QUEUES)  # 临期, 超期: every registered clock table's
        pre_save.connect(remember_old_date, sender=HolidayOverride, dispatch_uid="clocks.override_old_date")
        post_save.connect(calendar_changed, sender=HolidayOverride, dispatch_uid="clocks.override_saved")
        post_delete.connect(calendar_changed, sender=HolidayOverride, dispatch_uid="clocks.override_deleted")
