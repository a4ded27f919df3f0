"""Anonymised candidates and the audit of what was done with personal data."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from hiring.role_setup import grant


def grant_permissions(apps, schema_editor):
    # The audit is read-only everywhere, the Django admin included.
    grant(apps, {"HR": {"candidates": ["view_auditentry"]}})


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0002_role_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="anonymised at"),
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("candidates.candidate.anonymised", "anonymised the candidate"),
                            ("candidates.candidate.exported", "exported the candidate's data"),
                        ],
                        max_length=100,
                        verbose_name="action",
                    ),
                ),
                ("at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
                (
                    "candidate_ref",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="candidate id"
                    ),
                ),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="details")),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="done by",
                    ),
                ),
                (
                    "candidate",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit_entries",
                        to="candidates.candidate",
                        verbose_name="candidate",
                    ),
                ),
            ],
            options={
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
                "ordering": ["-at", "-pk"],
            },
        ),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
