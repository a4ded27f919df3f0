"""The seeded rubric texts in Chinese with full-width punctuation.

The seed files used ASCII punctuation inside Chinese ("经验;说不出…,也…").
They are corrected now; this puts the corrected text into databases seeded
before. Only a text that becomes a seeded text exactly is changed, so a rubric
admin's own wording (and any rubric written from scratch) is left alone.
Versions copied from a seeded rubric are corrected with it.
"""

import importlib
import json
from pathlib import Path

from django.db import migrations

from hiring.chinese import full_width

SEED = Path(__file__).resolve().parent.parent / "seed" / "account_manager.json"
FIELDS = {
    "Rubric": ("description",),
    "Dimension": ("name", "guidance"),
    "Criterion": ("name", "guidance", "assessed_by"),
    "ScaleAnchor": ("description",),
}


def seeded_texts() -> set[str]:
    """Every Chinese text the seed migration writes, as it is written now."""
    texts = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if "zh_hans" in key and isinstance(value, str):
                    texts.add(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads(SEED.read_text(encoding="utf-8")))
    collect(importlib.import_module("rubrics.migrations.0002_seed_default_rubrics").RUBRICS)
    return texts


def correct(apps, schema_editor):
    seeded = seeded_texts()
    for model_name, fields in FIELDS.items():
        model = apps.get_model("rubrics", model_name)
        for field in fields:
            column = f"{field}_zh_hans"
            for pk, text in model.objects.values_list("pk", column):
                corrected = full_width(text or "")
                if corrected != text and corrected in seeded:
                    model.objects.filter(pk=pk).update(**{column: corrected})


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0006_seed_question_bank_and_plans")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
