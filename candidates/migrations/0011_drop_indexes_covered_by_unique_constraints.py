"""Drop the single-column indexes that a unique constraint's index already leads with.

score(scorecard), application(candidate) and interview(application): each is the
first column of a unique index, which serves the same lookups, so the extra index
only cost space and time on every insert (ten score rows per scorecard).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0010_interview_plans"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="candidate",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="applications",
                to="candidates.candidate",
                verbose_name="candidate",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="application",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="interviews",
                to="candidates.application",
                verbose_name="application",
            ),
        ),
        migrations.AlterField(
            model_name="score",
            name="scorecard",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="scores",
                to="candidates.scorecard",
                verbose_name="scorecard",
            ),
        ),
    ]
