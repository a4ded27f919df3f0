"""The question bank and the default interview plans of the two seeded rubrics.

The texts (both languages) live in rubrics/seed/questions.json and
rubrics/seed/plans.json. They follow how the source articles say each
criterion is assessed: by interview, a written or skills test, a team or CRM
exercise, past records and references. Every rubric named like a seeded one
(and its later versions) gets them, matched by dimension code and criterion name.
"""

import json
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed"


def bilingual(source: dict, field: str, *, lines: bool = False) -> dict:
    en, zh = source[f"{field}_en"], source[f"{field}_zh_hans"]
    if lines:
        en, zh = "\n".join(en), "\n".join(zh)
    return {field: en, f"{field}_en": en, f"{field}_zh_hans": zh}


def seed_bank(apps, schema_editor):
    Rubric = apps.get_model("rubrics", "Rubric")
    Criterion = apps.get_model("rubrics", "Criterion")
    Question = apps.get_model("rubrics", "Question")
    PlanRound = apps.get_model("rubrics", "PlanRound")
    questions = json.loads((SEED / "questions.json").read_text(encoding="utf-8"))["questions"]
    plans = json.loads((SEED / "plans.json").read_text(encoding="utf-8"))["plans"]
    for rubric in Rubric.objects.filter(name_en__in=list(plans)):
        criteria = {
            (c.dimension.code, c.name_en): c
            for c in Criterion.objects.filter(dimension__rubric=rubric).select_related("dimension")
        }
        made = {}
        for order, item in enumerate(questions, start=1):
            criterion = criteria.get((item["dimension"], item["criterion"]))
            if criterion is None:
                continue
            made[item["id"]] = Question.objects.create(
                criterion=criterion,
                key=item["id"],
                kind=item["kind"],
                order=order,
                **bilingual(item, "text"),
                **bilingual(item, "probes", lines=True),
                **bilingual(item, "strong"),
                **bilingual(item, "weak"),
            )
        dimensions = {d.code: d for d in rubric.dimensions.all()}
        for order, spec in enumerate(plans[rubric.name_en], start=1):
            plan_round = PlanRound.objects.create(
                rubric=rubric,
                order=order,
                method=spec["method"],
                duration_minutes=spec["duration_minutes"],
                **bilingual(spec, "name"),
            )
            plan_round.focus.set([dimensions[c] for c in spec["focus"] if c in dimensions])
            plan_round.questions.set([made[k] for k in spec["questions"] if k in made])


def remove_bank(apps, schema_editor):
    apps.get_model("rubrics", "PlanRound").objects.all().delete()
    apps.get_model("rubrics", "Question").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0005_question_bank_and_plans")]

    operations = [migrations.RunPython(seed_bank, remove_bank)]
