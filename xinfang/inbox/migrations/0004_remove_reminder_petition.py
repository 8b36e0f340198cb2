from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_reminder_about_any_record"),
    ]

    operations = [
        migrations.RemoveField(model_name="reminder", name="petition"),
    ]
