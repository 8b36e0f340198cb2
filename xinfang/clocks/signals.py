"""When an administrator changes the holiday calendar (节假日调整), the running clocks of every registered clock
table that cover the changed day are recomputed, each moved due date with an event on its record
(``actions.recompute_for_calendar_change``), once the change is committed."""

from django.db import transaction

from .actions import recompute_for_calendar_change
from .models import HolidayOverride
from .registry import clock_tables


def remember_old_date(sender, instance: HolidayOverride, **kwargs) -> None:
    """An edit that moves an override to another day changes the calendar on both days."""
    instance._old_on = (  # type: ignore[attr-defined]
        HolidayOverride.objects.filter(pk=instance.pk).values_list("on", flat=True).first()
        if instance.pk
        else None
    )


def calendar_changed(sender, instance: HolidayOverride, **kwargs) -> None:
    old = getattr(instance, "_old_on", None)
    days = sorted({instance.on} | ({old} if old else set()))

    def recompute() -> None:
        for table in clock_tables():
            for on in days:
                recompute_for_calendar_change(table=table, on=on)

    transaction.on_commit(recompute)
