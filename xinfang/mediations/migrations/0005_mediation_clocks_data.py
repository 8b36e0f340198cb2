"""Every existing mediation gets its clocks, from what the case already holds, so that nothing is lost: the 15-day
period (running while the case is open, with settle_by as its due date and the lapse already recorded as its
overdue note; stopped at the result otherwise, late if the result came after settle_by), and for a settled case
its agreed performance date (running until performance is recorded, with the case's overdue note)."""

from datetime import datetime, time

from django.db import migrations
from django.db.models import Max, Min
from django.utils import timezone

OPEN = ("received", "mediating")
BATCH = 2000


def noon(on):
    return timezone.make_aware(datetime.combine(on, time(12)))


def when(Event, kind, first=False):
    """The moment of each case's event of that kind (the first or the last), by case."""
    rows = Event.objects.filter(kind=kind).values("mediation_id").annotate(at=(Min if first else Max)("at"))
    return {row["mediation_id"]: row["at"] for row in rows}


def give_clocks(apps, schema_editor):
    Mediation = apps.get_model("mediations", "Mediation")
    MediationClock = apps.get_model("mediations", "MediationClock")
    MediationEvent = apps.get_model("mediations", "MediationEvent")
    Policy = apps.get_model("policies", "Policy")
    days = Policy.objects.filter(key="mediation_days").values_list("value", flat=True).first()
    days = 15 if days is None else days  # the default of policies.DEFAULTS
    concluded = when(MediationEvent, "concluded")
    performed = when(MediationEvent, "performance")
    lapsed = when(MediationEvent, "lapsed", first=True)
    clocks = []
    for m in Mediation.objects.filter(clocks__isnull=True).order_by("pk").iterator(chunk_size=BATCH):
        is_open = m.status in OPEN
        clocks.append(
            MediationClock(
                mediation_id=m.pk,
                kind="settle",
                started_on=m.received_on,
                days=days,
                unit="calendar",
                due_on=m.settle_by,
                stopped_at=None if is_open else concluded.get(m.pk) or noon(m.result_on or m.received_on),
                stopped_late=None if is_open else bool(m.result_on and m.result_on > m.settle_by),
                overdue_noted_at=lapsed.get(m.pk) or (noon(m.lapsed_on) if m.lapsed_on else None),
            )
        )
        if m.status == "settled" and m.performance_due_on and m.result_on:
            started_on = min(m.result_on, m.performance_due_on)
            done = m.performance == "performed"
            done_at = (performed.get(m.pk) or timezone.now()) if done else None
            clocks.append(
                MediationClock(
                    mediation_id=m.pk,
                    kind="performance",
                    started_on=started_on,
                    days=(m.performance_due_on - started_on).days,
                    unit="date",
                    due_on=m.performance_due_on,
                    stopped_at=done_at,
                    stopped_late=None,  # when it was performed is not recorded, only when that was entered
                    overdue_noted_at=m.performance_overdue_noted_at,
                )
            )
        if len(clocks) >= BATCH:
            MediationClock.objects.bulk_create(clocks)
            clocks = []
    MediationClock.objects.bulk_create(clocks)


def take_clocks_back(apps, schema_editor):
    """Back to 0003: the performance clocks' overdue notes return to the cases, and the clocks go."""
    Mediation = apps.get_model("mediations", "Mediation")
    MediationClock = apps.get_model("mediations", "MediationClock")
    noted = MediationClock.objects.filter(kind="performance", overdue_noted_at__isnull=False)
    for mediation_id, at in noted.values_list("mediation_id", "overdue_noted_at").iterator():
        Mediation.objects.filter(pk=mediation_id).update(performance_overdue_noted_at=at)
    MediationClock.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mediations", "0004_mediation_clocks"),
        ("policies", "0005_seed_mediation_defaults"),
    ]

    operations = [migrations.RunPython(give_clocks, take_clocks_back)]
