"""Seed the two rubrics built from the seed documents.

The dimension texts (both languages) live in rubrics/seed/account_manager.json;
the weights are set here. Account manager: experience "the most important"
(20), customer orientation "a key factor" (16), the other eight 8 each.
Key account manager: leadership, customer orientation and performance history
lean heavier, since key-account managers serve large enterprise clients.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SEED = Path(__file__).resolve().parent.parent / "seed" / "account_manager.json"

ACCOUNT_MANAGER_WEIGHTS = {
    "experience": 20,
    "customer_orientation": 16,
    "culture_fit": 8,
    "communication": 8,
    "leadership": 8,
    "crm": 8,
    "ethics": 8,
    "learning": 8,
    "career_potential": 8,
    "performance_history": 8,
}
KEY_ACCOUNT_MANAGER_WEIGHTS = {
    "experience": 14,
    "customer_orientation": 16,
    "leadership": 14,
    "performance_history": 14,
    "culture_fit": 7,
    "communication": 7,
    "crm": 7,
    "ethics": 7,
    "learning": 7,
    "career_potential": 7,
}

RUBRICS = [
    {
        "name_en": "Account manager",
        "name_zh_hans": "客户经理",
        "description_en": "The default rubric for account managers: ten dimensions "
        "from hiring practice, experience and skills weighted most.",
        "description_zh_hans": "客户经理的默认评分表：十个维度，经验和技能权重最高。",
        "is_default": True,
        "weights": ACCOUNT_MANAGER_WEIGHTS,
    },
    {
        "name_en": "Key account manager",
        "name_zh_hans": "大客户经理",
        "description_en": "For managers of large enterprise clients: leadership, "
        "customer orientation and performance history weigh more.",
        "description_zh_hans": "适用于服务大型企业客户的经理：领导能力、客户导向和绩效评估权重更高。",
        "is_default": False,
        "weights": KEY_ACCOUNT_MANAGER_WEIGHTS,
    },
]


def bilingual(source: dict, field: str, en_key: str, zh_key: str) -> dict:
    return {field: source[en_key], f"{field}_en": source[en_key], f"{field}_zh_hans": source[zh_key]}


def seed_rubrics(apps, schema_editor):
    Rubric = apps.get_model("rubrics", "Rubric")
    Dimension = apps.get_model("rubrics", "Dimension")
    Criterion = apps.get_model("rubrics", "Criterion")
    ScaleAnchor = apps.get_model("rubrics", "ScaleAnchor")
    content = json.loads(SEED.read_text(encoding="utf-8"))["dimensions"]
    for spec in RUBRICS:
        rubric = Rubric.objects.create(
            is_default=spec["is_default"],
            **bilingual(spec, "name", "name_en", "name_zh_hans"),
            **bilingual(spec, "description", "description_en", "description_zh_hans"),
        )
        for order, item in enumerate(content, start=1):
            dimension = Dimension.objects.create(
                rubric=rubric,
                code=item["code"],
                order=order,
                weight=Decimal(spec["weights"][item["code"]]),
                **bilingual(item, "name", "name_en", "name_zh_hans"),
                **bilingual(item, "guidance", "guidance_en", "guidance_zh_hans"),
            )
            for c_order, criterion in enumerate(item["criteria"], start=1):
                Criterion.objects.create(
                    dimension=dimension,
                    order=c_order,
                    **bilingual(criterion, "name", "name_en", "name_zh_hans"),
                    **bilingual(criterion, "guidance", "guidance_en", "guidance_zh_hans"),
                    **bilingual(criterion, "assessed_by", "assessed_by_en", "assessed_by_zh_hans"),
                )
            for level, text in sorted(item["anchors"].items()):
                ScaleAnchor.objects.create(
                    dimension=dimension,
                    level=int(level),
                    description=text["en"],
                    description_en=text["en"],
                    description_zh_hans=text["zh_hans"],
                )


def remove_rubrics(apps, schema_editor):
    Rubric = apps.get_model("rubrics", "Rubric")
    Rubric.objects.filter(name_en__in=[spec["name_en"] for spec in RUBRICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("rubrics", "0001_rubric_models")]

    operations = [migrations.RunPython(seed_rubrics, remove_rubrics)]
