from django.db import migrations


class Migration(migrations.Migration):
    """The performance clock's overdue_noted_at (0004) replaces the case's own note."""

    dependencies = [
        ("mediations", "0005_mediation_clocks_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="mediation",
            name="performance_overdue_noted_at",
        ),
    ]
