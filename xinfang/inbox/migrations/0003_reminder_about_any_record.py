"""A reminder names the record it is about by ledger and id, with its label and link, instead of a foreign key
to petitions (removed by the next migration: on PostgreSQL a table whose rows were just updated cannot be altered
in the same transaction). Existing reminders are carried over: those about a petition (``petition``), and those
about a mediation case (which had only a ``link``)."""

import re

from django.db import migrations, models
from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat

MEDIATION_LINK = re.compile(r"^/mediations/(\d+)/$")


def carry_over(apps, schema_editor):
    Reminder = apps.get_model("inbox", "Reminder")
    Petition = apps.get_model("petitions", "Petition")
    Mediation = apps.get_model("mediations", "Mediation")
    # The petition's page was /petitions/<id>/ when this was written; set-based, however many reminders there are.
    Reminder.objects.filter(petition__isnull=False).update(
        ledger="petitions",
        record_id=F("petition_id"),
        label=Subquery(Petition.objects.filter(pk=OuterRef("petition_id")).values("number")[:1]),
        link=Concat(Value("/petitions/"), Cast("petition_id", CharField()), Value("/")),
    )
    # Reminders about mediation cases (tick's lapses and overdue performance) are few: one by one.
    about_mediations = []
    for reminder in Reminder.objects.filter(petition__isnull=True, link__startswith="/mediations/").only("link"):
        match = MEDIATION_LINK.match(reminder.link)
        if match:
            reminder.record_id = int(match.group(1))
            about_mediations.append(reminder)
    numbers = dict(
        Mediation.objects.filter(pk__in={r.record_id for r in about_mediations}).values_list("pk", "number")
    )
    for reminder in about_mediations:
        reminder.ledger = "mediations"
        reminder.label = numbers.get(reminder.record_id, "")
    Reminder.objects.bulk_update(about_mediations, ["ledger", "record_id", "label"], batch_size=500)


def carry_back(apps, schema_editor):
    Reminder = apps.get_model("inbox", "Reminder")
    Reminder.objects.filter(ledger="petitions").update(petition_id=F("record_id"), link="")


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0002_reminder_link"),
        ("petitions", "0011_petitioner_identity_snapshot"),
        ("mediations", "0002_worker_identity_snapshot"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="ledger",
            field=models.CharField(blank=True, max_length=40, verbose_name="台账"),
        ),
        migrations.AddField(
            model_name="reminder",
            name="record_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="reminder",
            name="label",
            field=models.CharField(blank=True, max_length=40, verbose_name="事项"),
        ),
        migrations.RunPython(carry_over, carry_back),
    ]
