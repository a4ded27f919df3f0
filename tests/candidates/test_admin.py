"""The Django admin of the candidate models: constraint clashes and too long texts next to
their field."""

import re

import pytest
from django.urls import reverse

from candidates.models import MAX_TEXT, Application, Candidate, Interview, StageChange
from candidates.services.privacy import anonymise_candidate
from candidates.services.stages import change_stage
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def management_data(response) -> dict:
    """The inline formsets' management fields of an admin add page, as the browser sends them."""
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        form = inline.formset.management_form
        data.update({form.add_prefix(name): value for name, value in form.initial.items()})
    return data


def add_in_admin(user, model: str, data: dict):
    url = reverse(f"admin:candidates_{model}_add")
    client = logged_in(user)
    return client.post(url, {**management_data(client.get(url)), **data})


def test_a_duplicate_email_is_refused_next_to_the_field(hr):
    CandidateFactory(email="li.na@example.com")
    lists = {"industries": "[]", "client_segments": "[]", "crm_systems": "[]"}
    response = add_in_admin(
        hr, "candidate", {"name": "李娜", "email": "li.na@example.com", **lists}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["email"] == ["A candidate with this e-mail address already exists."]
    assert form.non_field_errors() == []
    assert Candidate.objects.count() == 1


def test_a_second_application_to_the_same_opening_is_refused_next_to_the_candidate(hr):
    application = ApplicationFactory()
    data = {"candidate": application.candidate_id, "opening": application.opening_id}
    response = add_in_admin(hr, "application", {**data, "stage": "applied"})
    form = response.context["adminform"].form
    assert form.errors == {"candidate": ["This candidate is already on this opening."]}
    assert Application.objects.count() == 1


def test_the_same_round_twice_is_refused_next_to_the_round(hr):
    interview = InterviewFactory()
    data = {
        "application": interview.application_id,
        "interviewer": interview.interviewer_id,
        "round_name": interview.round_name,
        "scheduled_at_0": "2026-12-01",
        "scheduled_at_1": "10:00",
        "status": "scheduled",
    }
    form = add_in_admin(hr, "interview", data).context["adminform"].form
    assert form.errors == {
        "round_name": ["This interviewer already has this round with this candidate."]
    }
    assert Interview.objects.count() == 1


def add_candidate_in_admin(user, notes: str):
    data = {"name": "Long Notes", "industries": "[]", "client_segments": "[]", "crm_systems": "[]"}
    return add_in_admin(user, "candidate", {**data, "notes": notes})


def test_notes_past_max_text_are_refused_next_to_the_field_and_kept(hr):
    response = add_candidate_in_admin(hr, "n" * 5000)
    assert response.status_code == 200
    form = response.context["adminform"].form
    message = "Ensure this value has at most 4000 characters (it has 5000)."
    assert form.errors == {"notes": [message]}
    page = response.content.decode()
    assert "form-row errors field-notes" in page and "n" * 5000 in page
    assert not Candidate.objects.exists()


def test_notes_of_max_text_characters_are_saved(hr):
    assert add_candidate_in_admin(hr, "n" * MAX_TEXT).status_code == 302
    assert Candidate.objects.get().notes == "n" * MAX_TEXT


def test_stage_history_is_read_only_and_stages_change_only_through_the_services(hr, manager):
    application = ApplicationFactory(stage="interviewing")
    change_stage(application=application, stage="offer", by=manager, note="Go", decision=True)
    interview = InterviewFactory(application=application)
    client = logged_in(hr)
    page = client.get(reverse("admin:candidates_application_change", args=[application.pk]))
    assert "stage" not in page.context["adminform"].form.fields
    assert "Go" in page.content.decode()  # the history inline
    opening = client.get(reverse("admin:candidates_opening_change", args=[application.opening_id]))
    assert 'name="applications-0-stage"' not in opening.content.decode()
    change = client.get(reverse("admin:candidates_interview_change", args=[interview.pk]))
    assert {"scheduled_at", "status"}.isdisjoint(change.context["adminform"].form.fields)
    row = StageChange.objects.get()
    assert client.get(reverse("admin:candidates_stagechange_changelist")).status_code == 200
    assert client.get(reverse("admin:candidates_stagechange_add")).status_code == 403
    delete = reverse("admin:candidates_stagechange_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:candidates_interviewchange_add")).status_code == 403
    assert StageChange.objects.count() == 1


# Anonymised candidates ---------------------------------------------------------------------

PERSONAL_INPUTS = ("name", "email", "phone", "current_company", "current_title", "notes", "cv")


def inputs(page) -> set[str]:
    return set(re.findall(r'<(?:input|textarea|select)[^>]*name="([\w-]+)"', page.content.decode()))


def test_anonymised_at_is_read_only_in_the_admin(hr):
    candidate = CandidateFactory()
    client = logged_in(hr)
    assert "anonymised_at" not in inputs(client.get(reverse("admin:candidates_candidate_add")))
    change = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    page = client.get(change)
    assert "anonymised_at" not in inputs(page)
    assert {"name", "email", "years_experience"} <= inputs(page)


def test_an_anonymised_candidate_shows_personal_fields_read_only_and_keeps_them(hr):
    candidate = CandidateFactory(name="Zhao Xiaoyu 赵晓雨")
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    client = logged_in(hr)
    change = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    page = client.get(change)
    assert inputs(page).isdisjoint({*PERSONAL_INPUTS, "anonymised_at"})
    assert "years_experience" in inputs(page)

    typed_back = {
        "name": "Zhao Xiaoyu 赵晓雨",
        "email": "zhao.xiaoyu@example.com",
        "notes": "Zhao Xiaoyu called back.",
        "anonymised_at_0": "",
        "anonymised_at_1": "",
        "years_experience": "9",
        "industries": "[]",
        "client_segments": "[]",
        "crm_systems": "[]",
    }
    assert client.post(change, typed_back).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.name, candidate.email, candidate.notes) == (candidate.code, "", "")
    assert candidate.anonymised_at is not None
    assert candidate.years_experience == 9


def test_the_admin_links_the_cv_to_the_checked_download_not_to_media(hr):
    candidate = CandidateFactory(cv="cvs/2026/12/cv.pdf")
    page = logged_in(hr).get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    html = page.content.decode()
    assert reverse("candidates:candidate-cv", args=[candidate.pk]) in html
    assert "/media/" not in html and 'name="cv"' not in html


def test_the_admin_asks_for_a_candidate_id_whose_look_up_tells_two_of_the_same_name_apart(hr):
    """Not a list of every candidate (100,000 at 100,000): an id, and the candidate list."""
    CandidateFactory(name="张伟", email="zhang.wei@example.com")
    CandidateFactory(name="张伟", email="wei.zhang@example.com")
    client = logged_in(hr)
    page = client.get(reverse("admin:candidates_application_add")).content.decode()
    assert "vForeignKeyRawIdAdminField" in page and "张伟" not in page
    look_up = reverse("admin:candidates_candidate_changelist")
    assert f'href="{look_up}?_to_field=id"' in page
    listing = client.get(look_up, {"_to_field": "id", "_popup": "1"}).content.decode()
    assert "zhang.wei@example.com" in listing and "wei.zhang@example.com" in listing


def test_an_interview_added_in_the_admin_moves_the_candidate_to_interviewing_as_the_page_does(hr):
    application = ApplicationFactory(stage="screening")
    interviewer = InterviewFactory().interviewer
    data = {
        "application": application.pk,
        "interviewer": interviewer.pk,
        "round_name": "Phone screen",
        "scheduled_at_0": "2026-12-20",
        "scheduled_at_1": "10:00",
    }
    assert add_in_admin(hr, "interview", data).status_code == 302

    application.refresh_from_db()
    assert application.stage == "interviewing"
    move = StageChange.objects.get(application=application)
    assert (move.from_stage, move.to_stage, move.by) == ("screening", "interviewing", hr)
