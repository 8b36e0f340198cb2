from django.db import migrations


def seed(apps, schema_editor):
    from xinfang.petitions.categories import DEFAULT_CATEGORIES

    Category = apps.get_model("petitions", "Category")
    if Category.objects.exists():
        return
    for i, (name, children) in enumerate(DEFAULT_CATEGORIES, start=1):
        parent = Category.objects.create(name=name, order=i * 10)
        for j, child in enumerate(children, start=1):
            Category.objects.create(name=child, parent=parent, order=j * 10)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
