"""Privacy: anonymising a candidate (erasure) and exporting their data (access), both audited."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from candidates.models import (
    Application,
    AuditAction,
    AuditEntry,
    Candidate,
    Interview,
    InterviewChange,
    Score,
    Scorecard,
    ScorecardRevision,
    StageChange,
)
from candidates.services.interviews import cancel_interview
from candidates.services.privacy import AlreadyAnonymised, anonymise_candidate, export_candidate
from candidates.services.retention import record_consent, withdraw_consent
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from candidates.services.stages import change_stage
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)
from tests.long_text import (
    PASTED,
    assert_counted_not_cut,
    error_under,
    textarea,
    textarea_value,
    too_long,
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
    # The reason is free text too: a marker says why it is gone.
    assert revision.reason == "(removed when the candidate was anonymised)"


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
    opening.hiring_managers.add(manager)
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


# Nothing left anywhere ---------------------------------------------------------------------

OLD_NAME = "Zhao Xiaoyu 赵晓雨"
OLD_EMAIL = "zhao.xiaoyu@example.com"
OLD_PHONE = "+86 139 1234 5678"
# The whole name, its parts as people write them, the e-mail and the phone.
NEEDLES = (OLD_NAME, "赵晓雨", "Xiaoyu", OLD_EMAIL, OLD_PHONE)
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def stored_texts():
    """(model label, text) for every text column of every row of every installed model.

    JSON as text, both as stored ("\\u8d75") and decoded; sessions decoded too.
    """
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._base_manager.values_list(*columns) if columns else ():
            for value in row:
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                yield model._meta.label, text
    for session in Session.objects.all():
        yield "sessions.Session (decoded)", json.dumps(session.get_decoded(), default=str)


def where_named() -> set[tuple[str, str]]:
    """(model label, needle) wherever a needle is stored, ignoring case, as text or in JSON."""
    found = set()
    for label, text in stored_texts():
        for needle in NEEDLES:
            forms = (needle.lower(), json.dumps(needle)[1:-1].lower())
            if any(form in text.lower() for form in forms):
                found.add((label, needle))
    return found


def admin_post(client, url: str, data: dict) -> None:
    """Submit an admin form as the browser would, with its inline management forms."""
    for inline in client.get(url).context["inline_admin_formsets"]:
        form = inline.formset.management_form
        for name, value in form.initial.items():
            data.setdefault(form.add_prefix(name), value)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def interview_in_admin(client, application, interviewer, round_name: str) -> Interview:
    data = {
        "application": application.pk,
        "interviewer": interviewer.pk,
        "round_name": round_name,
        "scheduled_at_0": "2026-05-01",
        "scheduled_at_1": "10:00",
    }
    admin_post(client, reverse("admin:candidates_interview_add"), data)
    return Interview.objects.get(application=application, round_name=round_name)


def card(evidence: str, summary: str = "") -> ScorecardEntry:
    scores = {code: ScoreEntry(value=3) for code in DEFAULT_CODES}
    scores["experience"] = ScoreEntry(value=5, evidence=evidence)
    return ScorecardEntry(scores=scores, recommendation="yes", summary=summary)


@pytest.fixture
def named_everywhere(settings, tmp_path, hr, manager):
    """Zhao Xiaoyu entered in the admin as HR would, then interviewed, scored and decided on.

    Admin log: the candidate added and changed, two applications and two
    interviews added, one of those deleted, and an older entry of an opening
    naming an application added inline.
    """
    settings.MEDIA_ROOT = tmp_path
    client = logged_in(hr)
    cv = SimpleUploadedFile("zhao-xiaoyu-cv.pdf", b"%PDF-1.4 Zhao Xiaoyu")
    candidate_data = {
        "name": OLD_NAME,
        "email": OLD_EMAIL,
        "phone": OLD_PHONE,
        "current_company": "Acme Bank",
        "current_title": "Key account lead",
        "industries": "[]",
        "client_segments": "[]",
        "crm_systems": "[]",
        "notes": f"{OLD_NAME} called from {OLD_PHONE}.",
    }
    admin_post(client, reverse("admin:candidates_candidate_add"), {**candidate_data, "cv": cv})
    candidate = Candidate.objects.get()
    change = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    admin_post(client, change, {**candidate_data, "years_experience": "7"})

    opening, other_opening = OpeningFactory(), OpeningFactory()
    for each in (opening, other_opening):
        admin_post(
            client,
            reverse("admin:candidates_application_add"),
            {"candidate": candidate.pk, "opening": each.pk},
        )
    application = Application.objects.get(opening=opening)
    # Logged when applications were still added inline on the opening's admin page.
    LogEntry.objects.log_actions(
        user_id=hr.pk,
        queryset=[opening],
        action_flag=CHANGE,
        change_message=[{"added": {"name": "application", "object": str(application)}}],
    )
    interviewer = InterviewerFactory()
    final = interview_in_admin(client, application, interviewer, "Final")
    spare = interview_in_admin(client, application, interviewer, "Spare")
    delete = reverse("admin:candidates_interview_delete", args=[spare.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302

    evidence = f"{OLD_NAME} doubled Acme's book; reach her at {OLD_EMAIL}."
    saved = save_scorecard(
        interview=final,
        entry=card(evidence, summary=f"{OLD_NAME} impressed."),
        by=hr,
        expected_version=0,
        submit=True,
    )
    save_scorecard(
        interview=final,
        entry=card(evidence + " Checked.", summary=f"{OLD_NAME} impressed us all."),
        by=hr,
        expected_version=saved.version,
        submit=False,
        reason=f"{OLD_NAME} sent her sales figures",
    )
    draft = InterviewFactory(application=application, interviewer=interviewer, round_name="HR")
    save_scorecard(
        interview=draft, entry=card(f"{OLD_NAME}: draft"), by=hr, expected_version=0, submit=False
    )
    change_stage(
        application=application,
        stage="shortlisted",
        by=manager,
        note=f"{OLD_NAME} is our pick",
        decision=True,
    )
    moved = InterviewFactory(application=application, interviewer=interviewer, round_name="Extra")
    cancel_interview(interview=moved, by=hr, reason=f"{OLD_NAME} is travelling")
    export_candidate(candidate=candidate, by=hr)
    return candidate


def test_after_anonymising_no_table_holds_the_old_name_email_or_phone(
    named_everywhere, hr, django_capture_on_commit_callbacks
):
    # The search finds them where they were typed or logged, so it would find any left.
    assert {label for label, _needle in where_named()} >= {
        "admin.LogEntry",
        "candidates.Application",
        "candidates.Candidate",
        "candidates.InterviewChange",
        "candidates.Score",
        "candidates.Scorecard",
        "candidates.ScorecardRevision",
        "candidates.StageChange",
    }

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_candidate(
            candidate=named_everywhere,
            by=hr,
            reason=f"Erasure request from {OLD_NAME} <{OLD_EMAIL.upper()}>",
        )

    assert where_named() == set()
    entry = AuditEntry.objects.get(action=AuditAction.ANONYMISED)
    code = named_everywhere.code
    assert entry.data["reason"] == f"Erasure request from {code} <{code}>"


def test_the_admin_log_shows_the_code_where_it_showed_the_name(named_everywhere, hr):
    anonymise_candidate(candidate=named_everywhere, by=hr, reason="Erasure request")
    code = named_everywhere.code
    reprs = set(LogEntry.objects.values_list("object_repr", flat=True))
    opening, other_opening = (a.opening for a in Application.objects.order_by("pk"))
    assert {code, f"{code} → {opening}", f"{code} → {other_opening}"} <= reprs
    assert any(r.startswith(f"{code} → {opening} · Spare · ") for r in reprs)  # deleted since
    added_inline = LogEntry.objects.get(object_repr=opening.title).get_change_message()
    assert f"{code} → {opening}" in added_inline

    recent = logged_in(hr).get(reverse("admin:index")).content.decode()
    assert code in recent
    assert "Zhao" not in recent and "赵晓雨" not in recent


def test_a_namesakes_admin_log_keeps_their_name(hr):
    leaving, staying = CandidateFactory(name=OLD_NAME), CandidateFactory(name=OLD_NAME, email="")
    for candidate in (leaving, staying):
        LogEntry.objects.log_actions(
            user_id=hr.pk, queryset=[candidate], action_flag=CHANGE, change_message=[]
        )
    anonymise_candidate(candidate=leaving, by=hr, reason="Erasure request")
    assert dict(LogEntry.objects.values_list("object_id", "object_repr")) == {
        str(leaving.pk): leaving.code,
        str(staying.pk): OLD_NAME,
    }


def test_the_export_after_anonymising_names_them_nowhere(named_everywhere, hr):
    anonymise_candidate(candidate=named_everywhere, by=hr, reason="Erasure request")
    response = logged_in(hr).post(
        reverse("candidates:candidate-export", args=[named_everywhere.pk])
    )
    text = response.content.decode().lower()
    assert [needle for needle in NEEDLES if needle.lower() in text] == []
    data = json.loads(response.content)
    assert data["candidate"]["name"] == named_everywhere.code
    [revision] = data["applications"][0]["interviews"][0]["scorecard"]["revisions"]
    assert revision["reason"] == "(removed when the candidate was anonymised)"
    assert {"field": "experience:evidence", "old": "", "new": ""} in revision["changes"]


def test_anonymising_gives_every_scorecard_of_the_candidate_a_new_version(named_everywhere, hr):
    before = dict(Scorecard.objects.values_list("pk", "version"))
    anonymise_candidate(candidate=named_everywhere, by=hr, reason="Erasure request")
    after = dict(Scorecard.objects.values_list("pk", "version"))
    assert len(before) == 2
    assert after == {pk: version + 1 for pk, version in before.items()}


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


def test_a_reason_past_the_limit_is_refused_under_the_field_and_kept(candidate, hr):
    reason = "原因" * (PASTED // 2)
    response = logged_in(hr).post(anonymise_url(candidate), {"reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "reason") == too_long(PASTED)
    assert textarea_value(page, "reason") == reason
    assert_counted_not_cut(textarea(page, "reason"))
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


def with_history(candidate, hr) -> None:
    """A stage move with a note and a cancelled interview with a reason, both naming them."""
    application = Application.objects.get(candidate=candidate)
    change_stage(application=application, stage="on_hold", by=hr, note="Zhang Wei asked to wait")
    interview = InterviewFactory(application=application, round_name="Extra")
    cancel_interview(interview=interview, by=hr, reason="Zhang Wei is travelling")


def test_anonymising_empties_the_notes_and_reasons_in_the_history(candidate, hr):
    with_history(candidate, hr)
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    assert list(StageChange.objects.values_list("note", "to_stage")) == [("", "on_hold")]
    assert list(InterviewChange.objects.values_list("reason", "action")) == [("", "cancelled")]


def test_export_holds_the_stage_and_interview_history(candidate, hr):
    with_history(candidate, hr)
    [application] = export_candidate(candidate=candidate, by=hr)["applications"]
    [move] = application["history"]
    assert (move["from_stage"], move["to_stage"], move["by"], move["decision"]) == (
        "shortlisted",
        "on_hold",
        "hr",
        False,
    )
    assert move["note"] == "Zhang Wei asked to wait"
    extra = next(i for i in application["interviews"] if i["round"] == "Extra")
    [change] = extra["changes"]
    assert (change["action"], change["reason"], change["by"]) == (
        "cancelled",
        "Zhang Wei is travelling",
        "hr",
    )
    assert change["new_scheduled_at"] is None


def test_the_access_export_lists_the_talent_pool_consents(hr):
    candidate = CandidateFactory()
    record_consent(candidate=candidate, by=hr, given_on=date(2026, 3, 1), text="Keep my CV")
    withdraw_consent(candidate=candidate, by=hr, withdrawn_on=date(2026, 9, 1))
    (consent,) = export_candidate(candidate=candidate, by=hr)["talent_pool_consents"]
    assert (consent["given_on"], consent["text"], consent["withdrawn_on"]) == (
        "2026-03-01",
        "Keep my CV",
        "2026-09-01",
    )
    assert consent["recorded_by"] == consent["withdrawal_recorded_by"] == hr.username
