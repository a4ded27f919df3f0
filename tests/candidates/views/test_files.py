"""CV downloads: behind the role check, read from storage, named as uploaded.

Tests run with DEBUG off (as Django's test runner sets it), where nothing serves
MEDIA_URL: the download view is the only way to a CV. Uploads go to a temporary
MEDIA_ROOT (tests/conftest.py).
"""

from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a CV\n"
DOCX = b"PK\x03\x04 word document"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def uploaded_by_hr(hr, name: str, content: bytes) -> Candidate:
    """A candidate created on HR's page with a CV upload, as in real use."""
    response = logged_in(hr).post(
        reverse("candidates:candidate-create"),
        {"name": "李娜", "cv": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return Candidate.objects.get(name="李娜")


def download(user, candidate: Candidate):
    return logged_in(user).get(reverse("candidates:candidate-cv", args=[candidate.pk]))


@pytest.mark.parametrize("role", ["hr", "manager"])
def test_a_pdf_cv_opens_inline_under_its_chinese_name(request, hr, role):
    candidate = uploaded_by_hr(hr, "简历-李娜.pdf", PDF)
    assert candidate.cv.name.endswith("/简历-李娜.pdf")
    user = request.getfixturevalue(role)
    ApplicationFactory(candidate=candidate, opening__hiring_managers=[user])
    response = download(user, candidate)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote('简历-李娜.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_word_cv_is_saved_as_an_attachment(hr, manager):
    candidate = uploaded_by_hr(hr, "Li Na CV.docx", DOCX)
    ApplicationFactory(candidate=candidate, opening__hiring_managers=[manager])
    response = download(manager, candidate)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    # Storage turns spaces into underscores when it saves the upload.
    assert response["Content-Disposition"] == 'attachment; filename="Li_Na_CV.docx"'
    assert b"".join(response.streaming_content) == DOCX


@pytest.mark.parametrize("role", ["interviewer", "rubric_admin"])
def test_interviewers_and_rubric_admins_may_not_open_a_cv(request, hr, role):
    candidate = uploaded_by_hr(hr, "cv.pdf", PDF)
    assert download(request.getfixturevalue(role), candidate).status_code == 403


def test_a_candidate_without_a_cv_is_404(manager):
    assert download(manager, CandidateFactory()).status_code == 404


def test_a_cv_gone_from_storage_is_404_not_an_error(hr):
    candidate = uploaded_by_hr(hr, "cv.pdf", PDF)
    default_storage.delete(candidate.cv.name)
    assert download(hr, candidate).status_code == 404


@pytest.mark.parametrize(
    ("role", "link"), [("hr", True), ("manager", True), ("rubric_admin", False)]
)
def test_the_candidate_page_links_the_cv_for_those_who_may_open_it(request, hr, role, link):
    candidate = uploaded_by_hr(hr, "cv.pdf", PDF)
    user = request.getfixturevalue(role)
    ApplicationFactory(candidate=candidate, opening__hiring_managers=[user])
    page = logged_in(user).get(reverse("candidates:candidate-detail", args=[candidate.pk]))
    url = reverse("candidates:candidate-cv", args=[candidate.pk])
    assert (f'href="{url}"' in page.content.decode()) is link
    assert "/media/" not in page.content.decode()
