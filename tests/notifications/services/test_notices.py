"""Hiring managers hear of each submitted scorecard, and when all of an application's are in."""

import pytest
from django.core import mail
from django.urls import reverse

from candidates.models import InterviewStatus
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from notifications.models import NoticeSent
from notifications.tasks import announce_scorecard
from tests.conftest import make_user
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    OpeningFactory,
)
from tests.notifications.helpers import submit
from tests.notifications.mailbox import CountingBackend

pytestmark = pytest.mark.django_db

SITE = "https://hiring.example.com"


def manager_named(name: str, email: str | None = None):
    user = make_user(name, "Manager")
    user.email = f"{name}@example.com" if email is None else email
    user.save()
    return user


@pytest.fixture
def team():
    """An opening with two hiring managers; a third manager elsewhere."""
    managers = [manager_named("zhao"), manager_named("qian")]
    manager_named("sun")
    opening = OpeningFactory(title="Key account manager", hiring_managers=managers)
    application = ApplicationFactory(opening=opening, candidate=CandidateFactory(name="Alice Chen"))
    return managers, application


def subjects_to(address: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [address]]


def test_each_hiring_manager_hears_of_a_submitted_scorecard(
    team, django_capture_on_commit_callbacks
):
    (zhao, qian), application = team
    first = InterviewFactory(application=application, round_name="Screen")
    InterviewFactory(application=application, round_name="Panel")

    submit(first, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["qian@example.com", "zhao@example.com"]
    assert subjects_to("zhao@example.com") == ["Scorecard submitted: Alice Chen, Screen"]
    body = mail.outbox[0].body
    assert SITE + reverse("candidates:candidate-detail", args=[application.candidate_id]) in body
    assert first.interviewer.name in body


def test_the_last_scorecard_also_says_all_are_in_with_the_debrief_link(
    team, django_capture_on_commit_callbacks
):
    (zhao, _qian), application = team
    first = InterviewFactory(application=application, round_name="Screen")
    last = InterviewFactory(application=application, round_name="Panel")
    InterviewFactory(
        application=application, round_name="Dropped", status=InterviewStatus.CANCELLED
    )

    submit(first, django_capture_on_commit_callbacks)
    submit(last, django_capture_on_commit_callbacks)

    assert subjects_to("zhao@example.com") == [
        "Scorecard submitted: Alice Chen, Screen",
        "Scorecard submitted: Alice Chen, Panel",
        "All scorecards in: Alice Chen",
    ]
    complete = [m for m in mail.outbox if m.subject.startswith("All scorecards in")][0]
    assert SITE + reverse("candidates:application-debrief", args=[application.pk]) in complete.body
    assert "(2 in all)" in complete.body


def test_a_draft_tells_nobody(team, django_capture_on_commit_callbacks):
    _managers, application = team
    interview = InterviewFactory(application=application)
    codes = application.opening.rubric.dimensions.values_list("code", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        save_scorecard(
            interview=interview,
            entry=ScorecardEntry(scores={codes[0]: ScoreEntry(3)}, recommendation=""),
            by=None,
            expected_version=0,
            submit=False,
        )
    assert mail.outbox == []


def test_managers_get_their_notices_over_one_connection(team, django_capture_on_commit_callbacks):
    _managers, application = team
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 4  # two managers, "submitted" and "all in" each
    assert CountingBackend.connections == 1


def test_the_same_event_twice_sends_nothing_twice(team, django_capture_on_commit_callbacks):
    _managers, application = team
    scorecard = submit(
        InterviewFactory(application=application), django_capture_on_commit_callbacks
    )
    announce_scorecard.enqueue(scorecard_id=scorecard.pk)

    assert len(mail.outbox) == 4
    assert NoticeSent.objects.filter(sent_at__isnull=False).count() == 4


def test_a_failed_notice_is_retried_and_sent_once(team, django_capture_on_commit_callbacks):
    (zhao, qian), application = team
    CountingBackend.refused = {"qian@example.com"}
    interview = InterviewFactory(application=application)
    InterviewFactory(application=application)
    scorecard = submit(interview, django_capture_on_commit_callbacks)

    # The immediate backend retried at once, up to NOTIFY_RETRY_LIMIT: still refused.
    assert subjects_to("qian@example.com") == []
    assert not NoticeSent.objects.filter(user=qian).exists()

    CountingBackend.refused = set()
    announce_scorecard.enqueue(scorecard_id=scorecard.pk)
    assert len(subjects_to("qian@example.com")) == 1
    assert len(subjects_to("zhao@example.com")) == 1


def test_managers_without_an_address_or_inactive_are_left_out(django_capture_on_commit_callbacks):
    active = manager_named("zhou")
    no_address = manager_named("wu", email="")
    inactive = manager_named("zheng")
    inactive.is_active = False
    inactive.save()
    opening = OpeningFactory(hiring_managers=[active, no_address, inactive])
    submit(
        InterviewFactory(application=ApplicationFactory(opening=opening)),
        django_capture_on_commit_callbacks,
    )

    assert {m.to[0] for m in mail.outbox} == {"zhou@example.com"}


def test_managers_see_the_name_on_a_blind_opening(django_capture_on_commit_callbacks):
    """Managers read blind openings with names (the app shows them the name): so does the mail."""
    manager = manager_named("feng")
    opening = OpeningFactory(blind_review=True, hiring_managers=[manager])
    candidate = CandidateFactory(name="李娜")
    submit(
        InterviewFactory(application=ApplicationFactory(opening=opening, candidate=candidate)),
        django_capture_on_commit_callbacks,
    )
    assert all("李娜" in m.subject for m in mail.outbox)


def test_notices_follow_the_sites_language(team, settings, django_capture_on_commit_callbacks):
    settings.LANGUAGE_CODE = "zh-hans"
    _managers, application = team
    submit(
        InterviewFactory(application=application),
        django_capture_on_commit_callbacks,
        recommendation="strong_yes",
    )
    (submitted,) = [m for m in mail.outbox if m.to == ["zhao@example.com"] and "强烈推荐" in m.body]
    assert "Strong yes" not in submitted.body
