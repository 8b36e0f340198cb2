"""履行情况日期 (``performed_on``): the day of the performance recorded, given with the step from now on.

Existing cases with a performance recorded get the Beijing date of their last ``performance`` event (the last time
their performance was recorded, which is the value they hold), never before their result date; a case with a
performance but no such event (none is written otherwise than by the step) gets its result date. Cases without a
performance keep none. The constraint that it is not before the result date follows (0009), in a transaction of
its own."""

from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone

BATCH = 2000


def fill_performed_on(apps, schema_editor):
    Mediation = apps.get_model("mediations", "Mediation")
    MediationEvent = apps.get_model("mediations", "MediationEvent")
    recorded = {
        row["mediation_id"]: row["at"]
        for row in MediationEvent.objects.filter(kind="performance")
        .values("mediation_id")
        .annotate(at=Max("at"))
    }
    changed = []
    cases = Mediation.objects.exclude(performance="").filter(performed_on__isnull=True).order_by("pk")
    for m in cases.only("pk", "result_on").iterator(chunk_size=BATCH):
        at = recorded.get(m.pk)
        day = timezone.localdate(at) if at is not None else m.result_on
        if day is not None and m.result_on is not None:
            day = max(day, m.result_on)
        if day is not None:
            m.performed_on = day
            changed.append(m)
        if len(changed) >= BATCH:
            Mediation.objects.bulk_update(changed, ["performed_on"])
            changed = []
    Mediation.objects.bulk_update(changed, ["performed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("mediations", "0007_event_kinds_of_workers_and_clocks"),
    ]

    operations = [
        migrations.AddField(
            model_name="mediation",
            name="performed_on",
            field=models.DateField(blank=True, null=True, verbose_name="履行情况日期"),
        ),
        migrations.RunPython(fill_performed_on, migrations.RunPython.noop),
    ]
