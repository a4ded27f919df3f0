"""The question bank editor: every write recorded, retired questions not offered, no silent
overwrite, HR reads only; editable on a rubric in use."""

import pytest
from django.urls import reverse

from rubrics.models import Question, QuestionAction, QuestionChange, Rubric
from rubrics.selectors import active_questions
from rubrics.services.questions import (
    QUESTION_TEXTS,
    StaleQuestion,
    add_question,
    edit_question,
    fingerprint,
    retire_question,
)
from tests.conftest import logged_in
from tests.factories import InterviewFactory, OpeningFactory, submitted_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric():
    return Rubric.objects.get(is_default=True)


@pytest.fixture
def criterion(rubric):
    return rubric.dimensions.get(code="experience").criteria.first()


@pytest.fixture
def question(criterion):
    return criterion.questions.first()


@pytest.fixture
def editor(rubric_admin):
    return logged_in(rubric_admin)


def texts(**changes):
    data = {
        "kind": "behavioural",
        "text_en": "Tell me about a renewal you saved.",
        "text_zh_hans": "请讲一次您挽回续约的经历。",
        "probes_en": "What did the client object to?\nWho else was involved?",
        "probes_zh_hans": "客户反对什么？\n还有谁参与？",
        "strong_en": "Names the risk early.",
        "strong_zh_hans": "及早发现风险。",
        "weak_en": "Blames the client.",
        "weak_zh_hans": "归咎于客户。",
    }
    return {**data, **changes}


def edit_url(question):
    criterion = question.criterion
    return reverse(
        "rubrics:question-edit",
        args=[criterion.dimension.rubric_id, criterion.pk, question.pk],
    )


def test_adding_a_question_makes_a_key_and_records_the_texts(editor, rubric, criterion):
    url = reverse("rubrics:question-add", args=[rubric.pk, criterion.pk])
    assert editor.post(url, texts()).status_code == 302
    question = criterion.questions.get(text_en="Tell me about a renewal you saved.")
    assert question.key.startswith("experience-")
    assert not Question.objects.filter(criterion=criterion, key=question.key).exclude(
        pk=question.pk
    )
    change = question.changes.get()
    assert change.action == QuestionAction.ADDED
    assert change.changed_by.username == "rubric_admin"
    assert change.before == {}
    assert change.after["text_zh_hans"] == "请讲一次您挽回续约的经历。"
    assert set(QUESTION_TEXTS) <= set(change.after)


def test_a_key_taken_on_the_criterion_is_refused_next_to_the_field(editor, rubric, question):
    url = reverse("rubrics:question-add", args=[rubric.pk, question.criterion_id])
    response = editor.post(url, texts(key=question.key))
    assert response.status_code == 200
    assert response.context["form"].errors["key"]
    assert "Tell me about a renewal you saved." in response.content.decode()
    assert not QuestionChange.objects.exists()


def test_editing_records_before_and_after_in_both_languages(editor, question):
    old = {column: getattr(question, column) for column in QUESTION_TEXTS}
    data = texts(fingerprint=fingerprint(question))
    assert editor.post(edit_url(question), data).status_code == 302
    question.refresh_from_db()
    assert question.strong_zh_hans == "及早发现风险。"
    change = question.changes.get()
    assert change.action == QuestionAction.EDITED
    assert {column: change.before[column] for column in QUESTION_TEXTS} == old
    assert change.after["weak_en"] == "Blames the client."
    assert change.after["probes_zh_hans"] == "客户反对什么？\n还有谁参与？"
    page = editor.get(edit_url(question)).content.decode()
    assert "question-history" in page and "rubric_admin" in page


def test_saving_unchanged_texts_records_nothing(rubric_admin, question):
    values = {column: getattr(question, column) for column in ("kind", *QUESTION_TEXTS)}
    change = edit_question(
        question=question, by=rubric_admin, values=values, expected=fingerprint(question)
    )
    assert change is None
    assert not QuestionChange.objects.exists()


def test_retiring_and_restoring_are_recorded_and_retired_questions_are_not_offered(
    editor, rubric, question
):
    args = [rubric.pk, question.criterion_id, question.pk]
    editor.post(reverse("rubrics:question-retire", args=args))
    question.refresh_from_db()
    assert question.retired_at is not None
    assert question not in active_questions(rubric)
    retired = question.changes.get()
    assert retired.action == QuestionAction.RETIRED
    assert (retired.before["retired"], retired.after["retired"]) == (False, True)
    assert retired.before["text_en"] == retired.after["text_en"] == question.text_en
    bank = reverse("rubrics:question-bank", args=args[:2])
    assert question.text_en in editor.get(bank).content.decode()  # listed under Retired

    editor.post(reverse("rubrics:question-restore", args=args))
    question.refresh_from_db()
    assert question.retired_at is None
    assert question in active_questions(rubric)
    restored = question.changes.order_by("-id").first()
    assert restored.action == QuestionAction.RESTORED
    assert (restored.before["retired"], restored.after["retired"]) == (True, False)


def test_active_questions_leave_out_retired_ones_in_few_queries(
    rubric, rubric_admin, question, django_assert_num_queries
):
    retire_question(question=question, by=rubric_admin)
    with django_assert_num_queries(1):
        keys = [(q.criterion.dimension.code, q.key) for q in active_questions(rubric)]
    assert keys and question.key not in {key for _code, key in keys}


def test_a_stale_edit_is_refused_and_shows_the_newer_text(editor, rubric_admin, question):
    opened = fingerprint(question)
    edit_question(
        question=question,
        by=rubric_admin,
        values={"text_en": "The first admin's text."},
        expected=opened,
    )
    response = editor.post(edit_url(question), texts(fingerprint=opened))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The first admin&#x27;s text." in page or "The first admin's text." in page
    assert "Tell me about a renewal you saved." in page  # what the second one typed stays
    question.refresh_from_db()
    assert question.text_en == "The first admin's text."
    assert question.changes.count() == 1
    with pytest.raises(StaleQuestion):
        edit_question(question=question, by=rubric_admin, values=texts(), expected=opened)
    # The refused form now carries the newer version: saving again replaces it on purpose.
    newer = response.context["form"]["fingerprint"].value()
    assert newer == fingerprint(question)
    assert editor.post(edit_url(question), texts(fingerprint=newer)).status_code == 302
    question.refresh_from_db()
    assert question.text_en == "Tell me about a renewal you saved."


def test_questions_stay_editable_on_a_rubric_in_use(editor, rubric, question):
    interview = InterviewFactory(application__opening=OpeningFactory(rubric=rubric))
    submitted_scorecard(interview, {"experience": 4})
    assert rubric.is_in_use
    editor.post(edit_url(question), texts(fingerprint=fingerprint(question)))
    question.refresh_from_db()
    assert question.text_en == "Tell me about a renewal you saved."


def test_a_blank_text_is_refused_and_nothing_is_saved(rubric_admin, criterion):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        add_question(criterion=criterion, by=rubric_admin, values=texts(text_en=""))
    assert not QuestionChange.objects.exists()


def test_hr_reads_the_bank_but_may_not_change_it(persona_client, rubric, question):
    hr = persona_client("hr")
    args = [rubric.pk, question.criterion_id]
    assert hr.get(reverse("rubrics:question-bank", args=args)).status_code == 200
    page = hr.get(edit_url(question))
    assert page.status_code == 200 and 'name="text_en"' not in page.content.decode()
    data = texts(fingerprint=fingerprint(question))
    assert hr.post(edit_url(question), data).status_code == 403
    assert hr.post(reverse("rubrics:question-add", args=args), texts()).status_code == 403
    retire = reverse("rubrics:question-retire", args=[*args, question.pk])
    assert hr.post(retire).status_code == 403
    question.refresh_from_db()
    assert question.retired_at is None and question.text_en != data["text_en"]
    assert not QuestionChange.objects.exists()


def test_interviewers_may_not_open_the_bank(persona_client, rubric, question):
    interviewer = persona_client("interviewer")
    args = [rubric.pk, question.criterion_id]
    assert interviewer.get(reverse("rubrics:question-bank", args=args)).status_code == 403
    assert interviewer.post(edit_url(question), texts()).status_code == 403
