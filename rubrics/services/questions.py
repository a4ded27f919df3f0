"""Writes to the question bank: add, edit, retire and restore a question, each recorded.

Questions change no score, so they stay editable on a rubric in use. Every write
keeps a QuestionChange (who, when, every translated text before and after, both
languages) in the same transaction as the change itself. An edit carries a
fingerprint of the texts the editor read (`fingerprint`): when the saved texts
differ from it (someone saved in between, here or in the admin) it raises
StaleQuestion and saves nothing, so the second of two editors never silently
overwrites the first.
"""

import hashlib
import json
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rubrics.models import Criterion, Question, QuestionAction, QuestionChange
from rubrics.services.content import require_texts

# Every text of a question, in each stored language (what a QuestionChange keeps).
QUESTION_TEXTS = tuple(
    f"{name}_{language}"
    for name in ("text", "probes", "strong", "weak")
    for language in ("en", "zh_hans")
)
RECORDED = ("kind", *QUESTION_TEXTS)
EDITABLE = ("kind", *QUESTION_TEXTS)


class StaleQuestion(Exception):
    """The question was changed by someone else after the editor read it."""

    def __init__(self, question: Question, change: QuestionChange | None) -> None:
        super().__init__("stale question")
        self.question = question  # as saved now, with the newer texts
        self.change = change  # the newest recorded change: who and when


def snapshot(question: Question) -> dict:
    """The recorded values of a question (both languages), as a QuestionChange stores them."""
    values = {column: getattr(question, column) for column in RECORDED}
    values["retired"] = question.retired_at is not None
    return values


def fingerprint(question: Question) -> str:
    """A short digest of the question's recorded values: the editor's version marker."""
    data = json.dumps(snapshot(question), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:20]


def _record(*, question: Question, action: str, by, before: dict) -> QuestionChange:
    return QuestionChange.objects.create(
        question=question, action=action, changed_by=by, before=before, after=snapshot(question)
    )


def next_key(criterion: Criterion) -> str:
    """dimension code + the criterion's first word + the next free number, e.g.
    `experience-industry-4`; unique in the dimension, as opening plans match keys."""
    word = (slugify(criterion.name_en or "") or "criterion").split("-")[0][:20]
    base = f"{criterion.dimension.code}-{word}"[:55]
    taken = set(
        Question.objects.filter(criterion__dimension=criterion.dimension_id).values_list(
            "key", flat=True
        )
    )
    number = criterion.questions.count() + 1
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def add_question(*, criterion: Criterion, by, values: Mapping[str, str], key: str = "") -> Question:
    """A new last question of `criterion`; without a key, one is made (`next_key`)."""
    with transaction.atomic():
        Criterion.objects.select_for_update().get(pk=criterion.pk)
        last = criterion.questions.aggregate(n=Max("order"))["n"]
        question = Question(
            criterion=criterion,
            key=key or next_key(criterion),
            order=0 if last is None else last + 1,
        )
        for column in EDITABLE:
            setattr(question, column, values.get(column, ""))
        if Question.objects.filter(criterion=criterion, key=question.key).exists():
            raise ValidationError(
                {"key": [_("This criterion already has a question with this key.")]}
            )
        require_texts(question, ("text_en", "text_zh_hans"))
        question.full_clean()
        question.save()
        _record(question=question, action=QuestionAction.ADDED, by=by, before={})
    return question


def edit_question(
    *, question: Question, by, values: Mapping[str, str], expected: str
) -> QuestionChange | None:
    """Save new texts; None when nothing changed (nothing is recorded then).

    `expected` is the `fingerprint` of the question the editor read; saved
    values that differ from it raise StaleQuestion.
    """
    with transaction.atomic():
        fresh = Question.objects.select_for_update().get(pk=question.pk)
        if fingerprint(fresh) != expected:
            newest = fresh.changes.select_related("changed_by").order_by("-changed_at", "-id")
            raise StaleQuestion(fresh, newest.first())
        before = snapshot(fresh)
        for column in EDITABLE:
            if column in values:
                setattr(fresh, column, values[column])
        if snapshot(fresh) == before:
            return None
        require_texts(fresh, ("text_en", "text_zh_hans"))
        fresh.full_clean()
        fresh.save()
        return _record(question=fresh, action=QuestionAction.EDITED, by=by, before=before)


def retire_question(*, question: Question, by) -> QuestionChange:
    """Take a question out of the bank's offer; kept, with its history, to restore."""
    return _set_retired(question=question, by=by, retired=True)


def restore_question(*, question: Question, by) -> QuestionChange:
    return _set_retired(question=question, by=by, retired=False)


def _set_retired(*, question: Question, by, retired: bool) -> QuestionChange:
    with transaction.atomic():
        fresh = Question.objects.select_for_update().get(pk=question.pk)
        if (fresh.retired_at is not None) == retired:
            raise ValidationError(
                _("This question is already retired.")
                if retired
                else _("This question is not retired.")
            )
        before = snapshot(fresh)
        fresh.retired_at = timezone.now() if retired else None
        fresh.save(update_fields=["retired_at"])
        action = QuestionAction.RETIRED if retired else QuestionAction.RESTORED
        return _record(question=fresh, action=action, by=by, before=before)
