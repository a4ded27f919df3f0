"""Database constraints on the candidate models."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from candidates.models import MAX_TEXT, Application, Candidate, Score
from candidates.services.privacy import anonymise_candidate
from candidates.uploads import MAX_CV_BYTES, validate_cv
from rubrics.models import Dimension
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    ScorecardFactory,
)
from tests.rubrics.test_models import capped

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_score_per_scorecard_and_dimension(default_rubric):
    scorecard = ScorecardFactory()
    dimension = default_rubric.dimensions.get(code="crm")
    Score.objects.create(scorecard=scorecard, dimension=dimension, value=3)
    refused(lambda: Score.objects.create(scorecard=scorecard, dimension=dimension, value=4))


@pytest.mark.parametrize("value", [0, 6])
def test_score_outside_the_scale_is_refused(default_rubric, value):
    scorecard = ScorecardFactory()
    dimension = default_rubric.dimensions.get(code="crm")
    refused(lambda: Score.objects.create(scorecard=scorecard, dimension=dimension, value=value))


def test_not_assessed_is_stored_as_null(default_rubric):
    scorecard = ScorecardFactory()
    score = Score.objects.create(scorecard=scorecard, dimension=default_rubric.dimensions.first())
    assert score.value is None


def test_candidate_applies_once_per_opening():
    application = ApplicationFactory()
    refused(
        lambda: Application.objects.create(
            candidate=application.candidate, opening=application.opening
        )
    )


def test_one_scorecard_per_interview():
    scorecard = ScorecardFactory()
    refused(lambda: ScorecardFactory(interview=scorecard.interview))


def test_candidate_email_unique_but_blank_allowed_twice():
    Candidate.objects.create(name="A", email="a@example.com")
    refused(lambda: Candidate.objects.create(name="B", email="a@example.com"))
    Candidate.objects.create(name="C")
    Candidate.objects.create(name="D")


def test_same_interviewer_and_round_twice_is_refused():
    interview = InterviewFactory()
    refused(
        lambda: InterviewFactory(
            application=interview.application,
            interviewer=interview.interviewer,
            round_name=interview.round_name,
        )
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("cv.exe", b"MZ....", "cv_type"),
        ("cv.pdf", b"PK\x03\x04 not a pdf", "cv_content"),
        ("cv.docx", b"%PDF-1.7", "cv_content"),
        ("cv.pdf", b"%PDF-" + b"0" * MAX_CV_BYTES, "cv_size"),
    ],
)
def test_cv_type_content_and_size_are_checked(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_cv(SimpleUploadedFile(name, content))
    assert error.value.code == code


@pytest.mark.parametrize(
    ("name", "content"), [("cv.pdf", b"%PDF-1.7 x"), ("cv.docx", b"PK\x03\x04x")]
)
def test_pdf_and_docx_are_accepted(name, content):
    validate_cv(SimpleUploadedFile(name, content))


def test_every_text_field_is_capped_at_max_text():
    found = capped("candidates")
    assert {"Score.evidence", "Scorecard.summary", "ScorecardRevision.reason"} <= set(found)
    assert [name for name, ok in found.items() if not ok] == []


def test_too_long_evidence_is_refused_with_the_limit_and_the_length():
    score = Score(scorecard=ScorecardFactory(), dimension=Dimension.objects.first(), value=3)
    score.evidence = "e" * 5000
    with pytest.raises(ValidationError) as refused:
        score.full_clean()
    assert refused.value.message_dict["evidence"] == [
        "Ensure this value has at most 4000 characters (it has 5000)."
    ]
    score.evidence = "e" * MAX_TEXT
    score.full_clean()


ANONYMISED_MESSAGE = (
    "This candidate was anonymised, which cannot be undone: their name, e-mail, phone, "
    "current company and title, notes and CV stay removed."
)


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Zhao Xiaoyu"),
        ("email", "zhao@example.com"),
        ("phone", "139"),
        ("current_company", "Acme"),
        ("current_title", "Lead"),
        ("notes", "Called"),
        ("cv", SimpleUploadedFile("zhao-xiaoyu.pdf", b"%PDF-1.4")),
        ("anonymised_at", None),
    ],
)
def test_an_anonymised_candidate_refuses_personal_data_and_un_anonymising(hr, field, value):
    candidate = CandidateFactory()
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    candidate.refresh_from_db()
    candidate.full_clean()  # as anonymising left it
    candidate.years_experience = 9
    candidate.full_clean()  # what is not personal may change

    setattr(candidate, field, value)
    with pytest.raises(ValidationError) as refused_change:
        candidate.full_clean()
    assert refused_change.value.messages == [ANONYMISED_MESSAGE]


def test_a_candidate_not_anonymised_may_change_every_field():
    candidate = CandidateFactory()
    candidate.name, candidate.notes = "Zhao Xiaoyu", "Called"
    candidate.full_clean()
