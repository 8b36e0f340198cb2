"""履行情况日期 is not before the result date (the rows were filled by 0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mediations", "0008_performed_on"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="mediation",
            constraint=models.CheckConstraint(
                condition=models.Q(("performed_on__isnull", True), ("performed_on__gte", models.F("result_on")), _connector="OR"),
                name="mediation_performed_after_result",
                violation_error_message="履行情况日期不能早于调解结果日期。",
            ),
        ),
    ]
