"""The catalogue follows docs/glossary.md: one Chinese term per concept.

The table there is the source: its rows are read here, so a term added to the
glossary is checked at once.
"""

import gettext
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|<[^>]+>")


@dataclass(frozen=True)
class Term:
    form: str  # an English form, as matched in a message
    context: str | None  # only messages with this translation context
    chinese: tuple[str, ...]  # the translation must contain one of these
    never: tuple[str, ...]  # nor any of these, unless another term asks for it

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(rf"(?<!\w){re.escape(self.form)}s?(?!\w)", re.IGNORECASE)


def glossary() -> list[Term]:
    """The table's rows, one Term per English form, longest form first."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("English", "---"):
            continue
        english, chinese, never = cells[:3]
        for form in english.split(","):
            found = re.fullmatch(r"(.+?)(?: \[([^\]]+)\])?", form.strip())
            terms.append(
                Term(
                    form=found.group(1),
                    context=found.group(2),
                    chinese=tuple(word.strip() for word in chinese.split("/")),
                    never=tuple(word.strip() for word in never.split(",") if word.strip()),
                )
            )
    return sorted(terms, key=lambda term: -len(term.form))


def messages() -> list[tuple[str | None, str, str]]:
    """(context, English, Chinese) for every translated message, plural forms included."""
    with CATALOGUE.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    found = []
    for key, chinese in catalogue.items():
        english = key[0] if isinstance(key, tuple) else key
        if not english:
            continue
        context, _, english = english.rpartition("\x04")
        found.append((context or None, english, chinese))
    return found


def faults(context: str | None, english: str, chinese: str, terms: list[Term]) -> list[str]:
    """What the translation gets wrong against the glossary."""
    text = PLACEHOLDERS.sub(" ", english)
    present = []
    for term in terms:
        if term.context not in (None, context):
            continue
        if term.context is None and any(
            other.context is not None
            and other.context == context
            and other.form.lower() == term.form.lower()
            for other in terms
        ):
            continue  # a row for this word in this context says what it means here
        if term.pattern.search(text):
            present.append(term)
            text = term.pattern.sub(" ", text)
    wanted = {word for term in present for word in term.chinese}
    found = []
    for term in present:
        if not any(word in chinese for word in term.chinese):
            found.append(f"“{term.form}” is {'/'.join(term.chinese)}")
        found += [
            f"“{term.form}” is not {word}"
            for word in term.never
            if word in chinese and not any(word in other for other in wanted)
        ]
    return found


def test_every_translation_uses_the_glossary_terms():
    terms = glossary()
    wrong = {
        (context, english): found
        for context, english, chinese in messages()
        if (found := faults(context, english, chinese, terms))
    }
    assert not wrong, "\n".join(f"{key}: {found}" for key, found in wrong.items())


def test_the_glossary_is_read_whole_and_catches_a_wrong_term():
    terms = glossary()
    assert len(terms) > 40
    assert faults(None, "Edit the rubric", "编辑评分标准", terms) == [
        "“rubric” is 评分表",
        "“rubric” is not 评分标准",
    ]
    assert faults(None, "The shortlist of this opening", "该职位的短名单", terms)
    assert faults("decision", "Shortlist", "入围", terms) == []
    assert faults(None, "Shortlist", "候选名单", terms) == []
    # One concept's term may be another's wrong word: a rubric and a scorecard.
    assert faults(None, "Scorecards on this rubric", "按该评分表评分的评分卡", terms) == []
    assert faults(None, "Krippendorff's alpha (interval metric)", "等距度量", terms) == []
