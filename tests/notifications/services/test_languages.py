"""Reminders and notices go in each recipient's language: the account's choice, else the
interviewer's own field, else the site's LANGUAGE_CODE."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from team.services import set_language_preference
from tests.conftest import make_user
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
)
from tests.notifications.helpers import submit
from tests.notifications.services.test_notices import manager_named
from tests.notifications.services.test_reminders import drive

pytestmark = pytest.mark.django_db

REMINDER_SUBJECT = "Scorecard reminder: %(candidate)s, %(round)s"


@pytest.fixture
def held():
    return timezone.now().replace(microsecond=0) - timedelta(days=1)


def reminder_subject(interview, language: str) -> str:
    with translation.override(language):
        return gettext(REMINDER_SUBJECT) % {
            "candidate": interview.application.candidate.name,
            "round": interview.round_label,
        }


def reminded(held, interviewer):
    interview = InterviewFactory(scheduled_at=held, interviewer=interviewer, round_name="Final")
    drive(held + timedelta(hours=2))
    (message,) = mail.outbox
    return interview, message


def assert_chinese(interview, message) -> None:
    assert message.subject == reminder_subject(interview, "zh-hans")
    assert message.subject != reminder_subject(interview, "en")
    assert message.body.startswith(f"{interview.interviewer.name}，")
    assert "Dear " not in message.body


def assert_english(interview, message) -> None:
    assert message.subject == reminder_subject(interview, "en")
    assert message.body.startswith(f"Dear {interview.interviewer.name},")


def test_a_reminder_to_a_user_who_chose_chinese_is_in_chinese(held):
    user = make_user("li", None)
    set_language_preference(user=user, language="zh-hans")
    assert_chinese(*reminded(held, InterviewerFactory(user=user)))


def test_a_reminder_to_a_user_who_chose_english_is_in_english_whatever_the_site(held, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    user = make_user("smith", None)
    set_language_preference(user=user, language="en")
    # The account's choice wins over its interviewer row's field too.
    assert_english(*reminded(held, InterviewerFactory(user=user, language="zh-hans")))


def test_an_interviewer_without_an_account_gets_their_own_language(held):
    assert_chinese(*reminded(held, InterviewerFactory(language="zh-hans")))


def test_an_interviewer_with_no_language_gets_the_sites(held, settings):
    assert_english(*reminded(held, InterviewerFactory(language="")))
    mail.outbox = []
    settings.LANGUAGE_CODE = "zh-hans"
    assert_chinese(*reminded(held - timedelta(hours=1), InterviewerFactory(language="")))


def test_each_hiring_manager_gets_the_notice_in_their_language(django_capture_on_commit_callbacks):
    zhao, smith = manager_named("zhao"), manager_named("smith")
    set_language_preference(user=zhao, language="zh-hans")
    opening = OpeningFactory(title="Key account manager", hiring_managers=[zhao, smith])
    application = ApplicationFactory(opening=opening, candidate=CandidateFactory(name="Alice Chen"))
    interview = InterviewFactory(application=application, round_name="Screen")
    submit(interview, django_capture_on_commit_callbacks)

    def subject(language: str) -> str:
        with translation.override(language):
            return gettext("Scorecard submitted: %(candidate)s, %(round)s") % {
                "candidate": "Alice Chen",
                "round": interview.round_label,
            }

    subjects = {
        address: [m.subject for m in mail.outbox if m.to == [address]]
        for address in ("zhao@example.com", "smith@example.com")
    }
    assert subject("zh-hans") in subjects["zhao@example.com"]
    assert subject("en") in subjects["smith@example.com"]
    assert subject("zh-hans") != subject("en")
