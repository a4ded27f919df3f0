"""The fifth role: Administrator, who may do what HR may do and manages the team."""

from django.db import migrations


def create_administrator(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Administrator")


def remove_administrator(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Administrator").delete()


class Migration(migrations.Migration):
    dependencies = [("hiring", "0001_create_roles")]

    operations = [migrations.RunPython(create_administrator, remove_administrator)]
