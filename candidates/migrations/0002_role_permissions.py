"""Rights of the role groups on the candidate models (used by the Django admin)."""

from django.db import migrations

from hiring.role_setup import actions, grant

MODELS = [
    "opening",
    "candidate",
    "application",
    "interviewer",
    "interview",
    "scorecard",
    "score",
    "scorecardrevision",
]


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        {
            "HR": {"candidates": actions(MODELS, ["add", "change", "delete", "view"])},
            "Manager": {"candidates": actions(MODELS, ["view"])},
            "Rubric admin": {"candidates": actions(MODELS, ["view"])},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0001_candidate_models"),
        ("hiring", "0001_create_roles"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
