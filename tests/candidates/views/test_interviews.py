"""HR's interview and stage actions: cancel, reschedule, move; who sees what afterwards."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Interviewer, InterviewStatus, Scorecard, StageChange
from tests.factories import (
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def cancel_url(interview) -> str:
    return reverse("candidates:interview-cancel", args=[interview.pk])


def reschedule_url(interview) -> str:
    return reverse("candidates:interview-reschedule", args=[interview.pk])


def candidate_page(client, application) -> str:
    url = reverse("candidates:candidate-detail", args=[application.candidate_id])
    return client.get(url).content.decode()


@pytest.fixture
def own_interview(interviewer):
    """An upcoming interview of the `interviewer` persona."""
    person = Interviewer.objects.create(name="Own", user=interviewer)
    return InterviewFactory(
        interviewer=person, round_name="Final", scheduled_at=timezone.now() + timedelta(days=2)
    )


def test_hr_cancels_with_a_reason_shown_on_the_candidate_page(client, hr, own_interview):
    client.force_login(hr)
    response = client.post(cancel_url(own_interview), {"reason": "Candidate took another job"})
    application = own_interview.application
    assert response.url == (
        reverse("candidates:candidate-detail", args=[application.candidate_id])
        + f"#application-{application.pk}"
    )
    page = candidate_page(client, application)
    assert "Interview cancelled by hr: Final with Own" in page
    assert "Reason: Candidate took another job" in page
    own_interview.refresh_from_db()
    assert own_interview.status == InterviewStatus.CANCELLED


def test_a_cancelled_interview_leaves_the_interviewers_lists(
    client, hr, interviewer, own_interview
):
    def listed() -> tuple[list, list]:
        mine = client.get(reverse("candidates:my-interviews")).context["rows"]
        home = client.get(reverse("home")).context["my_pending"]
        return [interview for interview, _label in mine], [interview for interview, _label in home]

    client.force_login(interviewer)
    assert listed() == ([own_interview], [own_interview])
    client.force_login(hr)
    client.post(cancel_url(own_interview), {"reason": "Role closed"})
    client.force_login(interviewer)
    assert listed() == ([], [])


def test_a_cancelled_interview_refuses_a_scorecard_and_says_why(
    client, hr, interviewer, own_interview
):
    client.force_login(hr)
    client.post(cancel_url(own_interview), {"reason": "Role closed"})
    client.force_login(interviewer)
    url = reverse("candidates:scorecard-entry", args=[own_interview.pk])
    assert "This interview was cancelled" in client.get(url).content.decode()
    draft = {"version": 0, "recommendation": "yes", "score_experience": "3", "action": "draft"}
    response = client.post(url, draft)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This interview was cancelled: it takes no scorecard."
    ]
    assert not Scorecard.objects.filter(interview=own_interview).exists()


def test_cancelling_without_a_reason_is_refused_next_to_the_field(client, hr):
    interview = InterviewFactory()
    client.force_login(hr)
    response = client.post(cancel_url(interview), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Say why the interview is cancelled."]
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED


def test_an_interview_with_a_submitted_scorecard_cannot_be_cancelled(client, hr):
    interview = InterviewFactory()
    submitted_scorecard(interview, {"experience": 3})
    client.force_login(hr)
    assert cancel_url(interview) not in candidate_page(client, interview.application)
    response = client.post(cancel_url(interview), {"reason": "Mistake"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Its scorecard is submitted" in page
    assert "Mistake" in page  # the reason as typed
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED


def test_reschedule_outside_the_date_range_is_refused_and_keeps_the_typing(client, hr):
    interview = InterviewFactory()
    client.force_login(hr)
    data = {"scheduled_at": "1999-12-31T10:00", "reason": "Clash with the board meeting"}
    response = client.post(reschedule_url(interview), data)
    assert response.status_code == 400
    [message] = response.context["form"].errors["scheduled_at"]
    assert message.startswith("Choose a date between 2000-01-01 and ")
    page = response.content.decode()
    assert 'value="1999-12-31T10:00"' in page and "Clash with the board meeting" in page
    before = interview.scheduled_at
    interview.refresh_from_db()
    assert interview.scheduled_at == before


def test_reschedule_without_a_reason_is_refused(client, hr):
    interview = InterviewFactory()
    client.force_login(hr)
    response = client.post(reschedule_url(interview), {"scheduled_at": "2026-12-20T10:00"})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Say why the interview is moved."]


def test_hr_reschedules_and_the_timeline_shows_old_and_new_time(client, hr):
    interview = InterviewFactory(round_name="First")
    old = timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%d %H:%M")
    client.force_login(hr)
    page = client.get(reschedule_url(interview)).content.decode()
    assert timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%dT%H:%M") in page
    data = {"scheduled_at": "2026-12-20T10:00", "reason": "Interviewer travelling"}
    assert client.post(reschedule_url(interview), data).status_code == 302
    page = candidate_page(client, interview.application)
    assert f"First with {interview.interviewer}, {old} → 2026-12-20 10:00" in page
    assert "Reason: Interviewer travelling" in page


@pytest.mark.parametrize(("stage", "label"), [("withdrawn", "Withdrawn"), ("on_hold", "On hold")])
def test_withdrawn_and_on_hold_are_offered_and_shown(client, hr, manager, stage, label):
    application = ApplicationFactory(opening__hiring_managers=[manager])
    client.force_login(hr)
    opening_url = reverse("candidates:opening-detail", args=[application.opening_id])
    assert f'<option value="{stage}">{label}</option>' in client.get(opening_url).content.decode()
    client.post(reverse("candidates:application-stage", args=[application.pk]), {"stage": stage})
    client.force_login(manager)
    assert label in client.get(opening_url).content.decode()
    assert f"Stage moved by hr: Applied → {label}" in candidate_page(client, application)
    shortlist = reverse("candidates:opening-shortlist", args=[application.opening_id])
    response = client.get(shortlist, {"stage": stage})
    assert response.status_code == 200
    assert response.context["filters"].is_valid()


def test_hr_moving_after_the_managers_decision_keeps_the_decision_the_managers(client, hr, manager):
    application = ApplicationFactory(stage="interviewing", opening__hiring_managers=[manager])
    client.force_login(manager)
    client.post(
        reverse("candidates:application-decision", args=[application.pk]),
        {"decision": "offer", "note": "Best references"},
    )
    client.force_login(hr)
    client.post(reverse("candidates:application-stage", args=[application.pk]), {"stage": "hired"})
    application.refresh_from_db()
    assert (application.stage, application.decided_by) == ("hired", manager)
    rows = StageChange.objects.filter(application=application).values_list(
        "to_stage", "by__username", "is_decision"
    )
    assert list(rows) == [("offer", "manager", True), ("hired", "hr", False)]
    page = candidate_page(client, application)
    assert "Decision by manager: Interviewing → Offer" in page
    assert "Note: Best references" in page
    assert "Stage moved by hr: Offer → Hired" in page


def test_the_interviewers_dashboard_says_with_whom_and_keeps_a_blind_opening_blind(
    client, interviewer
):
    me = InterviewerFactory(user=interviewer)
    InterviewFactory(interviewer=me, application__candidate__name="Li Na")
    blind = InterviewFactory(interviewer=me, application__opening__blind_review=True)
    client.force_login(interviewer)
    page = client.get(reverse("home")).content.decode()
    assert "<strong>Li Na</strong>" in page
    assert f"<strong>{blind.application.candidate.code}</strong>" in page
    assert blind.application.candidate.name not in page


def schedule(client, application, interviewer, when="2026-12-20T10:00"):
    url = reverse("candidates:interview-create", args=[application.pk])
    data = {"interviewer": interviewer.pk, "round_name": "Phone screen", "scheduled_at": when}
    return client.post(url, data)


@pytest.mark.parametrize("stage", ["applied", "screening"])
def test_scheduling_the_first_interview_moves_the_candidate_to_interviewing(client, hr, stage):
    application = ApplicationFactory(stage=stage)
    client.force_login(hr)

    assert schedule(client, application, InterviewerFactory()).status_code == 302

    application.refresh_from_db()
    assert application.stage == "interviewing"
    move = StageChange.objects.get(application=application)
    assert (move.from_stage, move.to_stage, move.by, move.is_decision) == (
        stage,
        "interviewing",
        hr,
        False,
    )


@pytest.mark.parametrize("stage", ["shortlisted", "on_hold", "withdrawn", "interviewing"])
def test_scheduling_later_leaves_a_stage_past_the_first_interviews(client, hr, stage):
    application = ApplicationFactory(stage=stage)
    client.force_login(hr)

    assert schedule(client, application, InterviewerFactory()).status_code == 302

    application.refresh_from_db()
    assert application.stage == stage
    assert not StageChange.objects.filter(application=application).exists()


def test_a_refused_schedule_moves_no_stage(client, hr):
    application = ApplicationFactory(stage="applied")
    client.force_login(hr)

    assert (
        schedule(client, application, InterviewerFactory(), when="1999-01-01T10:00").status_code
        == 200
    )

    application.refresh_from_db()
    assert application.stage == "applied"
    assert not StageChange.objects.exists()


@pytest.mark.parametrize(
    ("page", "user"),
    [("home", "interviewer"), ("candidates:my-interviews", "interviewer"), ("candidate", "hr")],
)
def test_a_scorecard_is_not_yet_offered_for_an_interview_still_to_come(client, request, page, user):
    me = InterviewerFactory(user=request.getfixturevalue("interviewer"))
    later = InterviewFactory(interviewer=me, scheduled_at=timezone.now() + timedelta(days=2))
    held = InterviewFactory(
        interviewer=me,
        application=later.application,
        round_name="Held",
        scheduled_at=timezone.now() - timedelta(hours=3),
    )
    client.force_login(request.getfixturevalue(user))
    url = (
        reverse("candidates:candidate-detail", args=[later.application.candidate_id])
        if page == "candidate"
        else reverse(page)
    )
    html = client.get(url).content.decode()

    entry = reverse("candidates:scorecard-entry", args=[later.pk])
    assert f'href="{entry}"' not in html
    assert (
        f"Not yet: the interview is on {timezone.localtime(later.scheduled_at):%Y-%m-%d %H:%M}."
        in html
    )
    assert f'href="{reverse("candidates:scorecard-entry", args=[held.pk])}"' in html


def test_the_scorecard_of_an_interview_still_to_come_says_not_yet(client, interviewer):
    me = InterviewerFactory(user=interviewer)
    later = InterviewFactory(interviewer=me, scheduled_at=timezone.now() + timedelta(days=2))
    client.force_login(interviewer)
    html = client.get(reverse("candidates:scorecard-entry", args=[later.pk])).content.decode()
    assert "Not yet: the interview is on" in html
    assert "Enter the scorecard after it; a draft can be saved now." in html
