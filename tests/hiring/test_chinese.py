"""Chinese typography everywhere: the catalogue, the seeded rubric texts, the demo data.

Each rendered page in Chinese is checked the same way by the browser suite
(tests/browser/test_pages.py).
"""

import ast
import gettext
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from hiring.chinese import full_width, problems
from hiring.wording import join_clauses, join_list, label
from rubrics.models import Criterion, Dimension, PlanRound, Question, Rubric, ScaleAnchor

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
# Placeholders that hold names and terms, often Chinese: no space may touch them
# in Chinese ("评分人对%(dimension)s意见分歧"). Those that hold numbers and
# dates keep the usual spaces ("前 %(k)s 名"); the rest may be either.
WORDS = {
    "ahead", "behind", "candidate", "candidates", "dimension", "dimensions", "from", "to",
    "interviewer", "name", "names", "note", "opening", "questions", "reason", "round",
    "rounds", "rubric", "stage", "table", "title", "who", "user", "username", "how",
}  # fmt: skip
NUMBERS = {
    "k", "n", "count", "counter", "number", "total", "hours", "minutes", "limit",
    "version", "rank", "places", "share", "coverage", "scorecards", "low", "high", "se",
    "id", "link", "line", "lines", "when", "until", "old", "new", "given", "implied",
}  # fmt: skip
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def as_rendered(message: str) -> str:
    """A translation as a reader sees it: words as Chinese, numbers as digits, no tags."""

    def stand_in(match: re.Match) -> str:
        name = match.group(1)
        return "词" if name in WORDS else "0" if name in NUMBERS else "X"

    return re.sub(r"<[^>]+>", "", PLACEHOLDER.sub(stand_in, message)).replace("%%", "%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("没有相关经验;说不出客户,也讲不清。", "没有相关经验；说不出客户，也讲不清。"),
        ("持续超额完成目标(如110%以上)且可核实.", "持续超额完成目标（如110%以上）且可核实。"),
        ("评分表: 客户经理", "评分表：客户经理"),
        ("可安全校正?", "可安全校正？"),
        ("评分人对 经验和技能 意见分歧", "评分人对经验和技能意见分歧"),
        ("ICC(2,1), Word (.docx), 12:30", "ICC(2,1), Word (.docx), 12:30"),
        ("Alice Chen, Bob Li: fine.", "Alice Chen, Bob Li: fine."),
    ],
)
def test_full_width_corrects_what_touches_chinese_and_nothing_else(text, expected):
    assert full_width(text) == expected
    assert problems(expected) == []
    assert (problems(text) == []) == (text == expected)


def test_every_chinese_translation_in_the_compiled_catalogue_is_typeset():
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    faults = {
        key: found
        for key, message in catalogue.items()
        if key and (found := problems(as_rendered(message)))
    }
    assert not faults, "\n".join(f"{key!r}: {found}" for key, found in faults.items())
    assert len(catalogue) > 1000  # the whole catalogue was read


SEEDED = {
    Rubric: ("name", "description"),
    Dimension: ("name", "guidance"),
    Criterion: ("name", "guidance", "assessed_by"),
    ScaleAnchor: ("description",),
    Question: ("text", "probes", "strong", "weak"),
    PlanRound: ("name",),
}


@pytest.mark.django_db
def test_every_seeded_rubric_text_is_typeset():
    faults, read = [], 0
    for model, fields in SEEDED.items():
        for row in model.objects.values(*(f"{field}_zh_hans" for field in fields)):
            for text in row.values():
                read += 1
                faults += problems(text or "")
    assert not faults, "\n".join(faults)
    assert read > 500


def test_the_demo_data_is_typeset():
    source = Path(settings.BASE_DIR) / "candidates" / "devtools" / "demo_data.py"
    texts = [
        node.value
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    faults = [found for text in texts for found in problems(text)]
    assert not faults, faults
    assert any("，" in text for text in texts)


@pytest.mark.django_db
def test_the_migration_corrects_seeded_texts_and_leaves_an_admins_own_wording():
    migration = importlib.import_module(
        "rubrics.migrations.0007_seeded_texts_full_width_punctuation"
    )
    anchor = ScaleAnchor.objects.filter(description_zh_hans__contains="；").first()
    seeded = anchor.description_zh_hans
    as_first_seeded = seeded.replace("；", ";").replace("，", ",")
    ScaleAnchor.objects.filter(pk=anchor.pk).update(description_zh_hans=as_first_seeded)
    own = ScaleAnchor.objects.exclude(pk=anchor.pk).first()
    ScaleAnchor.objects.filter(pk=own.pk).update(description_zh_hans="自己写的,没有改")

    migration.correct(apps, None)

    anchor.refresh_from_db()
    assert anchor.description_zh_hans == seeded
    own.refresh_from_db()
    assert own.description_zh_hans == "自己写的,没有改"


def test_joins_follow_the_language():
    with translation.override("zh-hans"):
        assert join_list(["李娜", "杨帆"]) == "李娜、杨帆"
        assert join_clauses(["覆盖率不足", "评分卡不足"]) == "覆盖率不足；评分卡不足"
        assert label("原因") == "原因："
    with translation.override("en"):
        assert join_list(["Li Na", "Yang Fan"]) == "Li Na, Yang Fan"
        assert join_clauses(["a", "b"]) == "a; b"
        assert label("Reason") == "Reason: "
