from django.db import migrations

# Help texts seeded with a wrong article (信访工作条例: the 60-day limit and the extension are 第三十四条, 复核 is
# 第三十六条) or none: corrected where the row still holds the seeded text, so an administrator's own wording stays.
CORRECTED = {
    "handling_days": (
        "受理之日起60日内办结（《信访工作条例》第三十二条）",
        "受理之日起60日内办结（《信访工作条例》第三十四条）",
    ),
    "extension_max_days": (
        "经单位负责人批准可延长，不超过30日，仅限一次（第三十二条）",
        "经单位负责人批准可延长，不超过30日，仅限一次（第三十四条）",
    ),
    "re_review_request_days": (
        "收到复查意见之日起30日内可请求复核（第三十五条）",
        "收到复查意见之日起30日内可请求复核（第三十六条）",
    ),
    "review_decision_days": (
        "收到复查请求之日起30日内提出复查意见",
        "收到复查请求之日起30日内提出复查意见（第三十五条）",
    ),
    "re_review_decision_days": (
        "收到复核请求之日起30日内提出复核意见",
        "收到复核请求之日起30日内提出复核意见（第三十六条）",
    ),
}


def forward(apps, schema_editor):
    """Add the rows of defaults introduced after 0006 (the 调查核实函's reply period) and correct the articles."""
    from xinfang.policies.models import DEFAULTS

    Policy = apps.get_model("policies", "Policy")
    for key, default in DEFAULTS.items():
        Policy.objects.get_or_create(
            key=key, defaults={"value": default.value, "label": default.label, "help": default.help}
        )
    for key, (old, new) in CORRECTED.items():
        Policy.objects.filter(key=key, help=old).update(help=new)


def backward(apps, schema_editor):
    Policy = apps.get_model("policies", "Policy")
    for key, (old, new) in CORRECTED.items():
        Policy.objects.filter(key=key, help=new).update(help=old)


class Migration(migrations.Migration):
    dependencies = [("policies", "0006_seed_attachment_caps")]
    operations = [migrations.RunPython(forward, backward)]
