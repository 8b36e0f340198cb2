from django.db import migrations


def seed(apps, schema_editor):
    """Add the rows of defaults introduced after 0006 (the import caps; existing rows keep their values)."""
    from xinfang.policies.models import DEFAULTS

    Policy = apps.get_model("policies", "Policy")
    for key, default in DEFAULTS.items():
        Policy.objects.get_or_create(
            key=key, defaults={"value": default.value, "label": default.label, "help": default.help}
        )


class Migration(migrations.Migration):
    dependencies = [("policies", "0008_text_policies")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
