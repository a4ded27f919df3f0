"""Privacy: anonymising a candidate (erasure) and exporting their data (access), both audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from candidates.models import (
    Application,
    AuditAction,
    AuditEntry,
    Candidate,
    Score,
    ScorecardRevision,
)
from candidates.services.privacy import AlreadyAnonymised, anonymise_candidate, export_candidate
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def candidate(settings, tmp_path, hr):
    """A candidate with contact details, notes, a CV on disk, two scorecards and a decision."""
    settings.MEDIA_ROOT = tmp_path
    candidate = CandidateFactory(
        name="Zhang Wei",
        email="zhang.wei@example.com",
        phone="+86 138 0000 0000",
        current_company="Acme Bank",
        current_title="Key account lead",
        years_experience=7,
        industries=["Retail banking"],
        crm_systems=["Salesforce"],
        notes="Met at the Shanghai job fair.",
        cv=SimpleUploadedFile("zhang-wei.pdf", b"%PDF-1.4 Zhang Wei"),
    )
    application = ApplicationFactory(candidate=candidate)
    for round_name in ("First", "Final"):
        interview = InterviewFactory(application=application, round_name=round_name)
        card = submitted_scorecard(
            interview, dict.fromkeys(DEFAULT_CODES, 4), summary="Zhang Wei impressed."
        )
        card.scores.update(evidence="Zhang Wei grew Acme's book by 30%.")
    ScorecardRevision.objects.create(
        scorecard=card,
        edited_by=hr,
        reason="Typo",
        changes=[
            {"field": "experience", "old": 3, "new": 4},
            {"field": "experience:evidence", "old": "Zhang", "new": "Zhang Wei grew..."},
            {"field": "summary", "old": "", "new": "Zhang Wei impressed."},
        ],
    )
    Application.objects.filter(candidate=candidate).update(
        stage="shortlisted", decision_note="Zhang Wei is our pick.", decided_by=hr
    )
    return candidate


def personal_texts(candidate: Candidate) -> list[str]:
    """Every text that could name the candidate, wherever it is stored."""
    candidate.refresh_from_db()
    texts = [
        candidate.name,
        candidate.email,
        candidate.phone,
        candidate.current_company,
        candidate.notes,
    ]
    texts += Score.objects.filter(
        scorecard__interview__application__candidate=candidate
    ).values_list("evidence", flat=True)
    texts += Application.objects.filter(candidate=candidate).values_list("decision_note", flat=True)
    for revision in ScorecardRevision.objects.all():
        texts += [json.dumps(revision.changes)]
    return texts


def test_anonymising_removes_personal_data_and_keeps_the_scores(
    candidate, hr, tmp_path, django_capture_on_commit_callbacks
):
    cv_path = tmp_path / candidate.cv.name
    assert cv_path.exists()
    scores_before = sorted(Score.objects.values_list("dimension__code", "value"))

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request of 4 May")

    assert not any("Zhang" in text or "Acme" in text for text in personal_texts(candidate))
    assert candidate.name == candidate.code == f"C-{candidate.pk:05d}"
    assert (candidate.email, candidate.phone, candidate.notes, candidate.cv.name) == (
        "",
        "",
        "",
        "",
    )
    assert candidate.anonymised_at is not None
    assert not cv_path.exists()
    # Kept for statistics.
    assert sorted(Score.objects.values_list("dimension__code", "value")) == scores_before
    assert candidate.years_experience == 7
    assert candidate.industries == ["Retail banking"]
    assert set(Application.objects.values_list("stage", flat=True)) == {"shortlisted"}
    revision = ScorecardRevision.objects.get()
    assert revision.changes[0] == {"field": "experience", "old": 3, "new": 4}
    assert revision.reason == "Typo"


def test_anonymising_is_recorded_with_who_when_and_why(candidate, hr):
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request of 4 May")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.ANONYMISED
    assert entry.actor == hr
    assert entry.candidate_ref == candidate.pk
    assert entry.data == {"reason": "Erasure request of 4 May", "cv_deleted": True}
    assert entry.at is not None


def test_the_cv_stays_if_the_transaction_does_not_commit(candidate, hr, tmp_path):
    cv_path = tmp_path / candidate.cv.name
    anonymise_candidate(candidate=candidate, by=hr, reason="x")  # the test's transaction is open
    assert cv_path.exists()


def test_anonymising_twice_is_refused(candidate, hr):
    anonymise_candidate(candidate=candidate, by=hr, reason="x")
    with pytest.raises(AlreadyAnonymised):
        anonymise_candidate(candidate=candidate, by=hr, reason="again")
    assert AuditEntry.objects.count() == 1


def test_the_ranking_is_the_same_after_anonymising(candidate, hr, manager):
    opening = Application.objects.get(candidate=candidate).opening
    url = reverse("candidates:opening-ranking-json", args=[opening.pk])

    def scores() -> list:
        rows = logged_in(manager).get(url).json()
        return [
            (row["application"], row["score"], row["coverage"])
            for row in rows["rows"] + rows["needs_more_evidence"]
        ]

    before = scores()
    anonymise_candidate(candidate=candidate, by=hr, reason="x")
    assert scores() == before


# The pages ---------------------------------------------------------------------------------


def anonymise_url(candidate) -> str:
    return reverse("candidates:candidate-anonymise", args=[candidate.pk])


def test_anonymising_asks_for_confirmation_first(candidate, hr):
    page = logged_in(hr).get(anonymise_url(candidate))
    assert page.status_code == 200
    html = page.content.decode()
    assert "This cannot be undone." in html
    assert candidate.code in html
    candidate.refresh_from_db()
    assert candidate.name == "Zhang Wei"


def test_anonymising_needs_a_reason(candidate, hr):
    response = logged_in(hr).post(anonymise_url(candidate), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say why the candidate is anonymised."]
    candidate.refresh_from_db()
    assert candidate.anonymised_at is None


def test_hr_anonymises_from_the_candidate_page(candidate, hr):
    client = logged_in(hr)
    detail = reverse("candidates:candidate-detail", args=[candidate.pk])
    assert anonymise_url(candidate) in client.get(detail).content.decode()

    response = client.post(anonymise_url(candidate), {"reason": "Asked by e-mail"}, follow=True)
    assert response.redirect_chain[-1][0] == detail
    html = response.content.decode()
    assert "personal data was removed" in html
    assert "Zhang Wei" not in html
    assert "Asked by e-mail" in html  # the privacy record on the page
    assert anonymise_url(candidate) not in html  # nothing left to anonymise

    again = client.post(anonymise_url(candidate), {"reason": "twice"}, follow=True)
    assert "already anonymised" in again.content.decode()


def test_managers_see_no_privacy_buttons_and_may_not_use_them(candidate, manager):
    client = logged_in(manager)
    html = client.get(reverse("candidates:candidate-detail", args=[candidate.pk])).content.decode()
    assert anonymise_url(candidate) not in html
    assert client.post(anonymise_url(candidate), {"reason": "x"}).status_code == 403
    export = reverse("candidates:candidate-export", args=[candidate.pk])
    assert client.post(export).status_code == 403
    candidate.refresh_from_db()
    assert candidate.anonymised_at is None
    assert not AuditEntry.objects.exists()


# Access requests ---------------------------------------------------------------------------


def test_export_holds_everything_about_the_candidate(candidate, hr):
    response = logged_in(hr).post(reverse("candidates:candidate-export", args=[candidate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="candidate-{candidate.pk}.json"'
    )
    data = json.loads(response.content)

    assert data["exported_by"] == "hr"
    assert data["candidate"]["name"] == "Zhang Wei"
    assert data["candidate"]["email"] == "zhang.wei@example.com"
    assert data["candidate"]["phone"] == "+86 138 0000 0000"
    assert data["candidate"]["notes"] == "Met at the Shanghai job fair."
    assert data["candidate"]["cv"].endswith(".pdf")
    [application] = data["applications"]
    assert application["stage"] == "shortlisted"
    assert application["decision_note"] == "Zhang Wei is our pick."
    assert application["decided_by"] == "hr"
    assert [i["round"] for i in application["interviews"]] == ["First", "Final"]
    scorecard = application["interviews"][1]["scorecard"]
    assert scorecard["summary"] == "Zhang Wei impressed."
    assert [s["dimension"] for s in scorecard["scores"]] == DEFAULT_CODES
    assert scorecard["scores"][0]["value"] == 4
    assert scorecard["scores"][0]["evidence"] == "Zhang Wei grew Acme's book by 30%."
    assert scorecard["revisions"][0]["reason"] == "Typo"
    assert data["audit"] == [
        {"action": AuditAction.EXPORTED, "by": "hr", "at": data["audit"][0]["at"]}
    ]


def test_export_is_recorded_and_lists_earlier_actions(candidate, hr):
    first = export_candidate(candidate=candidate, by=hr)
    second = export_candidate(candidate=candidate, by=hr)
    assert len(first["audit"]) == 1
    assert [entry["action"] for entry in second["audit"]] == [AuditAction.EXPORTED] * 2
    assert AuditEntry.objects.filter(action=AuditAction.EXPORTED, actor=hr).count() == 2


def test_export_after_anonymising_shows_what_is_left(candidate, hr):
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    data = export_candidate(candidate=candidate, by=hr)
    text = json.dumps(data, ensure_ascii=False)
    assert "Zhang" not in text and "Acme" not in text
    assert data["candidate"]["anonymised_at"] is not None
    assert data["applications"][0]["interviews"][0]["scorecard"]["scores"][0]["value"] == 4
    assert [entry["action"] for entry in data["audit"]] == [
        AuditAction.ANONYMISED,
        AuditAction.EXPORTED,
    ]
    assert data["audit"][0]["reason"] == "Erasure request"


def test_export_is_post_only_and_unknown_candidates_are_404(candidate, hr):
    client = logged_in(hr)
    assert (
        client.get(reverse("candidates:candidate-export", args=[candidate.pk])).status_code == 405
    )
    assert client.post(reverse("candidates:candidate-export", args=[987654])).status_code == 404
    assert client.get(reverse("candidates:candidate-anonymise", args=[987654])).status_code == 404


def test_the_audit_is_read_only_in_the_admin(candidate, hr):
    anonymise_candidate(candidate=candidate, by=hr, reason="x")
    client = logged_in(hr)
    entry = AuditEntry.objects.get()
    assert client.get(reverse("admin:candidates_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:candidates_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:candidates_auditentry_delete", args=[entry.pk])).status_code
        == 403
    )
    assert AuditEntry.objects.count() == 1
