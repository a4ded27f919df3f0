"""The anonymise page against pages left open: nothing it removed is saved back."""

import pytest
from django.urls import reverse

from candidates.models import Score, Scorecard
from tests.conftest import logged_in
from tests.factories import DEFAULT_CODES, InterviewFactory

pytestmark = pytest.mark.django_db

NAME = "Zhao Xiaoyu 赵晓雨"


def full_card(version: int, **overrides) -> dict:
    """A complete submission naming the candidate in its evidence and summary."""
    data = {"version": version, "recommendation": "yes", "action": "submit"}
    data["summary"] = f"{NAME} impressed."
    for code in DEFAULT_CODES:
        data[f"score_{code}"] = "4"
        data[f"evidence_{code}"] = f"{NAME} grew the book by 30%."
    return data | overrides


def test_a_scorecard_page_left_open_while_anonymising_cannot_save_the_old_evidence(hr):
    interview = InterviewFactory(application__candidate__name=NAME)
    candidate = interview.application.candidate
    entry = reverse("candidates:scorecard-entry", args=[interview.pk])
    client = logged_in(hr)
    assert client.post(entry, full_card(0)).status_code == 302
    loaded = client.get(entry).context["form"]["version"].value()  # the page left open

    anonymise = reverse("candidates:candidate-anonymise", args=[candidate.pk])
    assert client.post(anonymise, {"reason": "Erasure request"}).status_code == 302
    stale = client.post(entry, full_card(loaded, reason="Typo"))

    assert stale.status_code == 409
    assert "Someone else saved this scorecard while you were editing." in stale.content.decode()
    assert set(Score.objects.values_list("evidence", flat=True)) == {""}
    assert Scorecard.objects.get().summary == ""
