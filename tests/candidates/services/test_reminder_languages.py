"""The overdue-scorecard e-mail (send_overdue_reminders) in each interviewer's language."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from candidates.services.reminders import send_overdue_reminders
from team.services import set_language_preference
from tests.conftest import make_user
from tests.factories import InterviewerFactory, InterviewFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Scorecard overdue: %(candidate)s, %(round)s"


def overdue_for(interviewer, now):
    return InterviewFactory(
        scheduled_at=now - timedelta(hours=30), interviewer=interviewer, round_name="Final"
    )


def subject_in(language: str, interview) -> str:
    with translation.override(language):
        return gettext(SUBJECT) % {
            "candidate": interview.application.candidate.name,
            "round": "Final",
        }


def test_each_interviewer_reads_the_reminder_in_their_own_language(mailoutbox):
    now = timezone.now()
    chinese_user = make_user("li", None)
    set_language_preference(user=chinese_user, language="zh-hans")
    english_user = make_user("smith", None)
    set_language_preference(user=english_user, language="en")
    interviews = {
        "account, zh-hans": overdue_for(InterviewerFactory(user=chinese_user), now),
        "account, en": overdue_for(InterviewerFactory(user=english_user, language="zh-hans"), now),
        "no account, zh-hans": overdue_for(InterviewerFactory(language="zh-hans"), now),
        "no account, blank": overdue_for(InterviewerFactory(), now),
    }
    expected = {
        "account, zh-hans": "zh-hans",
        "account, en": "en",
        "no account, zh-hans": "zh-hans",
        "no account, blank": "en",
    }

    assert send_overdue_reminders(now=now, hours=24) == 4

    by_address = {message.to[0]: message for message in mailoutbox}
    for case, interview in interviews.items():
        message = by_address[interview.interviewer.email or interview.interviewer.user.email]
        assert message.subject == subject_in(expected[case], interview), case
        chinese_body = message.body.startswith(f"{interview.interviewer.name}，")
        assert chinese_body == (expected[case] == "zh-hans"), case
    assert subject_in("zh-hans", interviews["no account, blank"]) != subject_in(
        "en", interviews["no account, blank"]
    )
