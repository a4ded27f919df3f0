"""The four role groups and their rights on the rubric models."""

from django.db import migrations

from hiring.role_setup import actions, grant

ROLES = ["HR", "Interviewer", "Manager", "Rubric admin"]
RUBRIC_MODELS = ["rubric", "dimension", "criterion", "scaleanchor"]


def create_roles(apps, schema_editor):
    read = {"rubrics": actions(RUBRIC_MODELS, ["view"])}
    grant(
        apps,
        {
            "HR": read,
            "Interviewer": read,
            "Manager": read,
            "Rubric admin": {"rubrics": actions(RUBRIC_MODELS, ["add", "change", "delete", "view"])},
        },
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("rubrics", "0001_rubric_models"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
