"""Bad input on every form and the import: a clear message on the field, nothing half-saved.

PostgreSQL refuses NUL characters in text, so each form must stop them with a
message before the database sees them; these tests run on both engines.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from candidates.models import MAX_TEXT, Candidate, Interview, Interviewer, Opening, Scorecard
from candidates.services.importing import ImportRejected, import_scorecards
from candidates.uploads import MAX_CV_BYTES
from tests.candidates.services.test_importing import HEADER
from tests.candidates.services.test_importing import row as csv_row
from tests.factories import DEFAULT_CODES, CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


# Scorecard entry ----------------------------------------------------------------------


def full_card(**overrides) -> dict:
    data = {"version": 0, "recommendation": "yes", "summary": "", "action": "submit"}
    for code in DEFAULT_CODES:
        data[f"score_{code}"] = "3"
        data[f"evidence_{code}"] = ""
    data.update(overrides)
    return data


def post_card(user, interview, **overrides):
    url = reverse("candidates:scorecard-entry", args=[interview.pk])
    return logged_in(user).post(url, full_card(**overrides))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("score_experience", "7", "Select a valid choice"),
        ("score_experience", "0", "Select a valid choice"),
        ("score_experience", "three", "Select a valid choice"),
        ("score_experience", "3" + NUL, "Select a valid choice"),
        ("evidence_experience", "x" * (MAX_TEXT + 1), "at most 4000 characters"),
        ("evidence_experience", "seen" + NUL, NUL_MESSAGE),
        ("summary", "y" * (MAX_TEXT + 1), "at most 4000 characters"),
        ("summary", NUL, NUL_MESSAGE),
        ("recommendation", "maybe", "Select a valid choice"),
        ("version", "abc", "Enter a whole number"),
        ("version", "-1", "greater than or equal to 0"),
    ],
)
def test_bad_scorecard_value_is_refused_on_its_field(hr, field, value, message):
    interview = InterviewFactory()
    response = post_card(hr, interview, **{field: value})
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field))
    assert "Nothing was saved" in response.content.decode()
    assert not Scorecard.objects.filter(interview=interview).exists()


def test_bad_value_in_an_edit_leaves_the_submitted_card_as_it_was(hr):
    interview = InterviewFactory()
    assert post_card(hr, interview).status_code == 302
    response = post_card(hr, interview, version=1, score_experience="9", reason="Typo")
    assert response.status_code == 200
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.version == 1
    assert scorecard.scores.get(dimension__code="experience").value == 3
    assert not scorecard.revisions.exists()


def test_interviewer_asking_for_a_colleagues_unsubmitted_scorecard_gets_404(interviewer, hr):
    colleague_interview = InterviewFactory()
    post_card(hr, colleague_interview, action="draft")
    Interviewer.objects.create(name="Me", user=interviewer)
    url = reverse("candidates:scorecard-entry", args=[colleague_interview.pk])
    assert logged_in(interviewer).get(url).status_code == 404
    assert logged_in(interviewer).post(url, full_card(version=1)).status_code == 404
    assert not Scorecard.objects.get(interview=colleague_interview).is_submitted


# Missing CSRF token -----------------------------------------------------------------------


def test_scorecard_post_without_csrf_token_is_403_and_saves_nothing(hr):
    interview = InterviewFactory()
    url = reverse("candidates:scorecard-entry", args=[interview.pk])
    assert logged_in(hr, csrf=True).post(url, full_card()).status_code == 403
    assert not Scorecard.objects.exists()


def test_candidate_form_without_csrf_token_is_403(hr):
    url = reverse("candidates:candidate-create")
    response = logged_in(hr, csrf=True).post(url, {"name": "No Token"})
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_import_without_csrf_token_is_403(hr):
    upload = SimpleUploadedFile("cards.csv", b"opening,candidate\n")
    url = reverse("candidates:scorecard-import")
    assert logged_in(hr, csrf=True).post(url, {"file": upload}).status_code == 403


def test_login_without_csrf_token_is_403():
    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "hr", "password": "x"}
    )
    assert response.status_code == 403


# Unknown ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("candidates:candidate-update", "get"),
        ("candidates:opening-update", "get"),
        ("candidates:opening-shortlist", "get"),
        ("candidates:interview-create", "get"),
        ("candidates:interviewer-update", "get"),
        ("candidates:application-stage", "post"),
        ("candidates:application-create", "post"),
        ("candidates:scorecard-entry", "post"),
    ],
)
def test_unknown_ids_are_404(hr, name, method):
    client = logged_in(hr)
    response = getattr(client, method)(reverse(name, args=[987654]))
    assert response.status_code == 404


# Candidates, openings, interviews ---------------------------------------------------------


def post_candidate(user, **data):
    return logged_in(user).post(reverse("candidates:candidate-create"), {"name": "Ann", **data})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "A" * 201, "at most 200 characters"),
        ("name", "Ann" + NUL, NUL_MESSAGE),
        ("notes", "n" * 4001, "at most 4000 characters"),
        ("notes", NUL, NUL_MESSAGE),
        ("phone", "1" * 41, "at most 40 characters"),
        ("current_company", "Acme" + NUL, NUL_MESSAGE),
        ("industries", "Banking" + NUL, NUL_MESSAGE),
        ("industries", "x" * 1001, "at most 1000 characters"),
        ("crm_systems", "Salesforce" + NUL, NUL_MESSAGE),
        ("years_experience", "many", "Enter a whole number"),
        ("years_experience", "-2", "greater than or equal to 0"),
        ("years_experience", "99999", "less than or equal to"),
        ("email", "not-an-address", "valid email"),
        ("client_segments", "galactic", "Select a valid choice"),
    ],
)
def test_bad_candidate_value_is_refused_on_its_field(hr, field, value, message):
    response = post_candidate(hr, **{field: value})
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field)), field_errors(
        response, field
    )
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", b"%PDF-" + b"0" * MAX_CV_BYTES, "larger than 5 MB"),
        ("cv.exe", b"MZ", "PDF or Word"),
        ("cv.pdf", b"PK\x03\x04 not a pdf", "not a PDF document"),
    ],
)
def test_bad_cv_is_refused_and_nothing_is_stored(hr, name, content, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post_candidate(hr, cv=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, "cv"))
    assert not Candidate.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 201, "at most 200 characters"),
        ("title", "Sales" + NUL, NUL_MESSAGE),
        ("description", "d" * 4001, "at most 4000 characters"),
        ("description", NUL, NUL_MESSAGE),
        ("rubric", "987654", "Select a valid choice"),
        ("rubric", "abc", "Select a valid choice"),
        ("status", "archived", "Select a valid choice"),
    ],
)
def test_bad_opening_value_is_refused_on_its_field(hr, default_rubric, field, value, message):
    data = {"title": "Sales", "rubric": default_rubric.pk, "status": "open", field: value}
    response = logged_in(hr).post(reverse("candidates:opening-create"), data)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field))
    assert not Opening.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("round_name", "R" * 101, "at most 100 characters"),
        ("round_name", "Final" + NUL, NUL_MESSAGE),
        ("scheduled_at", "next Tuesday", "Enter a valid date/time"),
        ("interviewer", "987654", "Select a valid choice"),
    ],
)
def test_bad_interview_value_is_refused_on_its_field(hr, field, value, message):
    application = InterviewFactory().application
    data = {
        "interviewer": Interviewer.objects.get().pk,
        "round_name": "Final",
        "scheduled_at": "2026-05-04T10:00",
        field: value,
    }
    url = reverse("candidates:interview-create", args=[application.pk])
    response = logged_in(hr).post(url, data)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field))
    assert Interview.objects.count() == 1


def test_search_with_nul_characters_is_not_an_error(manager):
    CandidateFactory(name="Ann")
    response = logged_in(manager).get(reverse("candidates:candidate-list"), {"q": "A" + NUL})
    assert response.status_code == 200


def test_login_with_nul_characters_is_refused_on_the_form(hr):
    response = Client().post(reverse("login"), {"username": "hr" + NUL, "password": NUL})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.content.decode()


# The CSV import ---------------------------------------------------------------------------


def rejected(*rows: str) -> list[str]:
    text = "\n".join([HEADER, csv_row(dimension="crm"), *rows, ""])
    with pytest.raises(ImportRejected) as rejection:
        import_scorecards(text.encode(), entered_by=None)
    assert not Opening.objects.exists()
    assert not Scorecard.objects.exists()
    return [error.message for error in rejection.value.errors]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (csv_row(evidence="saw it" + NUL), "line 3: evidence contains a NUL character"),
        (csv_row(candidate="Ann" + NUL), "line 3: candidate contains a NUL character"),
        # Looked up by name when the e-mail is blank: PostgreSQL refuses NUL in a query too.
        (csv_row(candidate="Ann" + NUL, email=""), "line 3: candidate contains a NUL character"),
        (csv_row(opening="Sales" + NUL), "line 3: opening contains a NUL character"),
        (csv_row(interviewer="Bo" + NUL), "line 3: interviewer contains a NUL character"),
        (csv_row(email="a" + NUL + "@example.com"), "line 3: email contains a NUL character"),
        (csv_row(evidence="e" * 4001), "line 3: evidence is longer than 4000 characters"),
        (csv_row(score="5" + NUL), "line 3: score contains a NUL character"),
        (csv_row(score="9"), "line 3: score 9 is outside the scale"),
        (csv_row(score="-1"), "line 3: score -1 is outside the scale"),
        (csv_row(score="4.5"), "line 3: score “4.5” is not a whole number"),
    ],
)
def test_bad_csv_value_is_named_by_its_line_and_nothing_is_written(default_rubric, row, message):
    assert any(error.startswith(message) for error in rejected(row)), rejected(row)


def test_nul_in_the_header_is_rejected_on_line_1(default_rubric):
    text = HEADER.replace("evidence", "evid" + NUL + "ence") + "\n" + csv_row() + "\n"
    with pytest.raises(ImportRejected) as rejection:
        import_scorecards(text.encode(), entered_by=None)
    assert rejection.value.errors[0].message.startswith("line 1:")


def upload(hr, name: str, content: bytes):
    url = reverse("candidates:scorecard-import")
    return logged_in(hr).post(url, {"file": SimpleUploadedFile(name, content)})


def test_oversized_csv_upload_is_refused_on_the_field(hr, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    content = (HEADER + "\n" + (csv_row() + "\n") * 50).encode()
    response = upload(hr, "cards.csv", content)
    assert response.status_code == 400
    assert field_errors(response, "file") == ["The file is larger than 5 MB."]
    assert not Scorecard.objects.exists()


def test_upload_that_is_neither_csv_nor_xlsx_is_refused(hr):
    response = upload(hr, "cards.pdf", b"%PDF-1.4")
    assert response.status_code == 400
    assert field_errors(response, "file") == ["Upload a .csv or .xlsx file."]


def test_a_damaged_workbook_is_refused_with_a_message(hr):
    response = upload(hr, "cards.xlsx", b"PK\x03\x04")
    assert response.status_code == 400
    assert not Opening.objects.exists()


def test_binary_upload_named_csv_is_rejected_with_a_message(hr):
    response = upload(hr, "cards.csv", b"\xff\xfe\x00\x01" * 100)
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()
    assert not Opening.objects.exists()


def test_upload_with_nul_characters_is_rejected_with_the_line(hr, default_rubric):
    content = (HEADER + "\n" + csv_row(evidence="a" + NUL + "b") + "\n").encode()
    response = upload(hr, "cards.csv", content)
    assert response.status_code == 400
    assert "line 2: evidence contains a NUL character" in response.content.decode()
    assert not Opening.objects.exists()
