from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "xinfang.petitions"
    verbose_name = "信访"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from xinfang.clocks.models import HolidayOverride

        from . import contributions  # noqa: F401  (registers what the ledger offers)
        from .signals import calendar_changed, remember_old_date

        pre_save.connect(
            remember_old_date, sender=HolidayOverride, dispatch_uid="petitions.override_old_date"
        )
        post_save.connect(calendar_changed, sender=HolidayOverride, dispatch_uid="petitions.override_saved")
        post_delete.connect(
            calendar_changed, sender=HolidayOverride, dispatch_uid="petitions.override_deleted"
        )
