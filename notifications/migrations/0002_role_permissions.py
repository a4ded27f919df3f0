"""HR edits the chat channels in the Django admin and reads what was sent."""

from django.db import migrations

from hiring.role_setup import actions, grant


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        {
            "HR": {
                "notifications": actions(["chatchannel"], ["add", "change", "delete", "view"])
                + actions(["chatmessage", "remindersent", "noticesent"], ["view"])
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_reminders_chat_notices"),
        ("hiring", "0001_create_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
