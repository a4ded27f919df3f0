"""The candidate page: scorecards, means, spread, disagreement flags, timeline, query count."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.selectors.candidates import opening_average
from candidates.selectors.shortlist import build_shortlist
from candidates.services.interviews import cancel_interview, reschedule_interview
from candidates.services.privacy import anonymise_candidate
from candidates.services.stages import change_stage
from hiring import roles
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def rated_application(raters: int, values=(3, 4, 5), **fields):
    application = ApplicationFactory(**fields)
    for index in range(raters):
        interview = InterviewFactory(application=application)
        submitted_scorecard(
            interview,
            {"experience": values[index % len(values)], "crm": None, "ethics": 4},
        )
    return application


def test_page_shows_means_and_flags_a_two_point_spread(client, manager):
    application = rated_application(2, values=(2, 4), opening__hiring_managers=[manager])
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    page = response.content.decode()
    assert "3.00" in page  # mean of 2 and 4 on experience
    assert "Raters disagree" in page
    flagged = [d.code for d in response.context["dossiers"][0][0].disagreements]
    assert flagged == ["experience"]


def test_one_point_spread_is_not_flagged(client, manager):
    application = rated_application(2, values=(3, 4), opening__hiring_managers=[manager])
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    assert response.context["dossiers"][0][0].disagreements == []


def test_page_of_a_candidate_on_no_opening_yet_says_so(client, hr):
    candidate = CandidateFactory()
    client.force_login(hr)
    response = client.get(reverse("candidates:candidate-detail", args=[candidate.pk]))
    assert response.status_code == 200
    assert "This candidate is not on any opening yet." in response.content.decode()


def count_queries(client, candidate_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("candidates:candidate-detail", args=[candidate_id])).status_code
            == 200
        )
    return len(queries)


def test_query_count_does_not_grow_with_scorecards(client, manager):
    client.force_login(manager)
    few = rated_application(1, opening__hiring_managers=[manager])
    many = rated_application(8, opening__hiring_managers=[manager])
    assert count_queries(client, many.candidate_id) == count_queries(client, few.candidate_id)


def test_opening_average_is_the_mean_of_application_means():
    """Experience: one application at 2 and 4 (mean 3), one at 5, 5, 5 (mean 5).

    The average of application means is 4.0; a plain mean of the five
    scores would be 4.2 and let candidates with more raters weigh more.
    """
    first = rated_application(2, values=(2, 4))
    rated_application(3, values=(5,), opening=first.opening)
    averages = opening_average(first.opening, list(first.opening.rubric.dimensions.all()))
    assert averages["experience"] == pytest.approx(4.0)
    assert averages["ethics"] == pytest.approx(4.0)
    assert "crm" not in averages  # never assessed
    assert averages == pytest.approx(build_shortlist(first.opening).average)


def test_candidate_page_draws_the_radar_against_the_opening_average(client, manager):
    first = rated_application(2, values=(2, 4), opening__hiring_managers=[manager])
    rated_application(3, values=(5,), opening=first.opening)
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[first.candidate_id]))
    _dossier, radar = response.context["dossiers"][0]
    candidate_series, average_series = radar.series
    assert candidate_series.name == first.candidate.name
    codes = [d.code for d in first.opening.rubric.dimensions.all()]
    assert candidate_series.values[codes.index("experience")] == pytest.approx(3.0)
    assert average_series.values[codes.index("experience")] == pytest.approx(4.0)
    assert average_series.values[codes.index("crm")] is None
    page = response.content.decode()
    assert page.count("<svg") == 1 and f'id="radar-{first.pk}-title"' in page
    assert "Opening average" in page


def eventful_application(hr, manager, events: int):
    """An application with `events` rounds: each scheduled, rescheduled, then cancelled or
    submitted, and as many stage moves and decisions."""
    application = rated_application(0, opening__hiring_managers=[manager])
    stages = ["screening", "interviewing", "on_hold", "interviewing"]
    for index in range(events):
        interview = InterviewFactory(application=application)
        reschedule_interview(
            interview=interview,
            scheduled_at=interview.scheduled_at + timedelta(hours=1),
            by=hr,
            reason=f"Moved {index}",
        )
        if index % 2:
            cancel_interview(interview=interview, by=hr, reason=f"Cancelled {index}")
        else:
            submitted_scorecard(interview, {"experience": 3}, entered_by=hr)
        change_stage(application=application, stage=stages[index % len(stages)], by=hr)
        change_stage(
            application=application,
            stage="shortlisted",
            by=manager,
            note=f"Decision {index}",
            decision=True,
        )
    return application


def test_the_timeline_shows_every_event_oldest_first(client, hr, manager):
    application = eventful_application(hr, manager, 2)
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    timeline = response.context["dossiers"][0][0].timeline
    assert [entry.kind for entry in timeline] == [
        "applied",
        "scheduled",
        "rescheduled",
        "submitted",
        "stage",
        "decision",
        "scheduled",
        "rescheduled",
        "cancelled",
        "stage",
        "decision",
    ]
    assert [entry.at for entry in timeline][1:] == sorted(entry.at for entry in timeline[1:])
    page = response.content.decode()
    assert "Applied to the opening" in page
    assert "Stage moved by hr: Shortlisted → Interviewing" in page
    assert "Decision by manager: Interviewing → Shortlisted" in page
    assert "Note: Decision 1" in page and "Reason: Cancelled 1" in page
    assert "Scorecard submitted:" in page and ", entered by hr" in page


def test_the_timeline_does_not_add_queries_with_more_events(
    client, hr, manager, django_assert_max_num_queries
):
    client.force_login(manager)
    few = eventful_application(hr, manager, 1)
    baseline = count_queries(client, few.candidate_id)
    many = eventful_application(hr, manager, 8)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("candidates:candidate-detail", args=[many.candidate_id]))
    assert len(response.context["dossiers"][0][0].timeline) == 1 + 8 * 5


# An anonymised candidate -------------------------------------------------------------------


@pytest.fixture
def anonymised(hr):
    candidate = CandidateFactory(name="Zhao Xiaoyu 赵晓雨", phone="+86 139 1234 5678")
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    candidate.refresh_from_db()
    return candidate


def test_the_edit_page_of_an_anonymised_candidate_says_why_the_personal_fields_are_locked(
    client, hr, anonymised
):
    client.force_login(hr)
    page = client.get(reverse("candidates:candidate-update", args=[anonymised.pk]))
    html = page.content.decode()
    assert "This candidate was anonymised: their personal data was removed" in html
    for name in ("name", "email", "phone", "current_company", "current_title", "notes", "cv"):
        assert re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*disabled', html), name
    assert not re.search(r'name="years_experience"[^>]*disabled', html)
    assert "Removed when the candidate was anonymised." in html


def test_personal_data_typed_back_on_the_edit_page_is_not_saved(client, hr, anonymised):
    client.force_login(hr)
    response = client.post(
        reverse("candidates:candidate-update", args=[anonymised.pk]),
        {
            "name": "Zhao Xiaoyu 赵晓雨",
            "email": "zhao.xiaoyu@example.com",
            "phone": "+86 139 1234 5678",
            "current_company": "Acme Bank",
            "notes": "Zhao Xiaoyu called back.",
            "years_experience": "9",
            "crm_systems": "Salesforce",
        },
    )
    assert response.status_code == 302
    anonymised.refresh_from_db()
    assert (anonymised.name, anonymised.email, anonymised.phone) == (anonymised.code, "", "")
    assert (anonymised.current_company, anonymised.notes) == ("", "")
    assert (anonymised.years_experience, anonymised.crm_systems) == (9, ["Salesforce"])


# Hiring teams: whom a manager and a rubric admin see -------------------------------------


def test_the_candidate_list_shows_a_manager_only_candidates_of_their_openings(client, manager):
    mine = ApplicationFactory(candidate__name="On my team", opening__hiring_managers=[manager])
    ApplicationFactory(candidate__name="Elsewhere")
    CandidateFactory(name="On no opening")
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-list"))
    assert [c.name for c in response.context["candidates"]] == [mine.candidate.name]
    assert "Elsewhere" not in response.content.decode()


def test_the_candidate_list_counts_only_the_applications_a_manager_may_see(client, manager):
    mine = ApplicationFactory(opening__hiring_managers=[manager])
    ApplicationFactory(candidate=mine.candidate, opening__title="Someone else's")
    client.force_login(manager)
    listed = client.get(reverse("candidates:candidate-list")).context["candidates"]
    assert [c.application_count for c in listed] == [1]


def test_a_manager_who_is_also_a_rubric_admin_downloads_only_their_teams_cvs(client, manager):
    manager.groups.add(Group.objects.get(name=roles.RUBRIC_ADMIN))
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n")
    mine = ApplicationFactory(candidate__cv=cv, opening__hiring_managers=[manager])
    other = ApplicationFactory(candidate__cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n"))
    client.force_login(manager)
    for application, status in ((mine, 200), (other, 404)):
        url = reverse("candidates:candidate-cv", args=[application.candidate_id])
        assert client.get(url).status_code == status
    page = client.get(reverse("candidates:candidate-detail", args=[other.candidate_id]))
    assert (
        reverse("candidates:candidate-cv", args=[other.candidate_id]) not in page.content.decode()
    )


def test_a_manager_sees_only_the_applications_on_their_openings(client, manager):
    mine = rated_application(1, opening__hiring_managers=[manager], opening__title="Mine")
    ApplicationFactory(candidate=mine.candidate, opening__title="Someone else's")
    client.force_login(manager)
    response = client.get(reverse("candidates:candidate-detail", args=[mine.candidate_id]))
    assert [d.application for d, _radar in response.context["dossiers"]] == [mine]
    assert "Someone else&#x27;s" not in response.content.decode()


def test_a_manager_off_the_team_gets_404_on_the_candidate_page(client, manager_elsewhere):
    application = rated_application(1, candidate__name="Private Person")
    client.force_login(manager_elsewhere)
    url = reverse("candidates:candidate-detail", args=[application.candidate_id])
    response = client.get(url)
    assert response.status_code == 404
    assert "Private Person" not in response.content.decode()


def test_a_rubric_admin_opens_the_candidate_page_without_e_mail_or_phone(client, rubric_admin, hr):
    application = rated_application(
        1, candidate__email="li.na@example.com", candidate__phone="+86 138 0000 0000"
    )
    url = reverse("candidates:candidate-detail", args=[application.candidate_id])
    client.force_login(rubric_admin)
    page = client.get(url).content.decode()
    assert application.candidate.name in page
    assert "li.na@example.com" not in page and "138 0000" not in page
    listed = client.get(reverse("candidates:candidate-list")).content.decode()
    assert application.candidate.name in listed and "li.na@example.com" not in listed
    # Nor may the search tell them whether an e-mail belongs to a candidate.
    found = client.get(reverse("candidates:candidate-list"), {"q": "li.na@"})
    assert list(found.context["candidates"]) == []
    client.force_login(hr)
    assert "li.na@example.com" in client.get(url).content.decode()


def test_hr_puts_a_new_candidate_on_an_opening_from_their_page(client, hr):
    candidate = CandidateFactory(name="Newcomer")
    opening = OpeningFactory(title="Open one")
    OpeningFactory(title="Closed one", status="closed")
    client.force_login(hr)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.pk]))
    offered = list(page.context["add_form"].fields["opening"].queryset)
    assert offered == [opening]
    url = reverse("candidates:candidate-add-to-opening", args=[candidate.pk])
    response = client.post(url, {"opening": opening.pk})
    assert response.status_code == 302
    assert candidate.applications.get().opening == opening
    # The same again (a second tab): refused next to the field, nothing added.
    again = client.post(url, {"opening": opening.pk})
    assert again.status_code == 400
    assert again.context["add_form"].errors["opening"]
    assert candidate.applications.count() == 1


def test_a_manager_cannot_put_a_candidate_on_an_opening(client, manager):
    application = ApplicationFactory(opening__hiring_managers=[manager])
    other = OpeningFactory()
    client.force_login(manager)
    url = reverse("candidates:candidate-add-to-opening", args=[application.candidate_id])
    assert client.post(url, {"opening": other.pk}).status_code == 403
    page = client.get(reverse("candidates:candidate-detail", args=[application.candidate_id]))
    assert "add_form" not in page.context
