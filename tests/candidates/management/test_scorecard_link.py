"""`manage.py scorecard_link`: prints a new link's path, or revokes the interview's links."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from candidates.models import ScorecardLink
from candidates.services import links
from candidates.services.links import resolve_token
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("scorecard_link", *[str(a) for a in args], stdout=out)
    return out.getvalue().strip()


def test_the_command_prints_the_path_of_a_link_that_opens_the_scorecard():
    interview = InterviewFactory()
    path = run(interview.pk, "--days", 3)
    assert path.startswith("/s/")
    token = path.split("/")[2]
    link = resolve_token(token).link
    assert link.interview == interview
    assert abs(link.expires_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)
    cache.clear()  # the page counts requests per address in the cache
    assert Client().get(path).status_code == 200


def test_the_command_revokes_the_interview_links():
    interview = InterviewFactory()
    path = run(interview.pk)
    assert run(interview.pk, "--revoke") == "Revoked 1 link(s)."
    assert resolve_token(path.split("/")[2]).reason == links.REVOKED


def test_the_command_refuses_an_unknown_interview_and_bad_days():
    with pytest.raises(CommandError, match="No interview"):
        run(999999)
    with pytest.raises(CommandError, match="1 to 90 days"):
        run(InterviewFactory().pk, "--days", 0)
    assert not ScorecardLink.objects.exists()
