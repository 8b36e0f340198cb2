"""Termination now stops every clock of the case (its rating window kept running before, so terminated cases were
shown under 超期 and reminded about): stop the clocks still running on terminated petitions, as of the day the
case ended."""

from datetime import datetime, time

from django.db import migrations
from django.utils import timezone


def stop_clocks_of_terminated(apps, schema_editor):
    Clock = apps.get_model("petitions", "Clock")
    running = Clock.objects.filter(petition__status="terminated", stopped_at__isnull=True).select_related(
        "petition"
    )
    for clock in running.iterator(chunk_size=500):
        ended_on = clock.petition.terminated_on or timezone.localdate()
        stopped_at = timezone.make_aware(datetime.combine(ended_on, time(12)))
        Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
            stopped_at=stopped_at, stopped_late=False
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0013_clock_is_historical")]

    operations = [migrations.RunPython(stop_clocks_of_terminated, migrations.RunPython.noop)]
