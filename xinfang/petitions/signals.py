"""When an administrator changes the holiday calendar (节假日调整), running clocks that cover the changed day are
recomputed, each with an event (see actions.clocks.recompute_for_calendar_change)."""

from django.db import transaction

from xinfang.clocks.models import HolidayOverride


def remember_old_date(sender, instance: HolidayOverride, **kwargs) -> None:
    """An edit that moves an override to another day changes the calendar on both days."""
    instance._old_on = (  # type: ignore[attr-defined]
        HolidayOverride.objects.filter(pk=instance.pk).values_list("on", flat=True).first()
        if instance.pk
        else None
    )


def calendar_changed(sender, instance: HolidayOverride, **kwargs) -> None:
    from .actions.clocks import recompute_for_calendar_change

    old = getattr(instance, "_old_on", None)
    days = sorted({instance.on} | ({old} if old else set()))

    def recompute() -> None:
        for on in days:
            recompute_for_calendar_change(on=on)

    transaction.on_commit(recompute)
