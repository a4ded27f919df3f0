"""Scorecard entry: drafts, submission, bad input, audited edits, conflicts."""

import pytest
from django.urls import reverse

from candidates.models import MAX_TEXT, Interviewer, Score, Scorecard, ScorecardRevision
from candidates.services.scorecards import (
    UNANSWERED,
    IncompleteScorecard,
    ScorecardEntry,
    ScoreEntry,
    save_scorecard,
)
from tests.factories import DEFAULT_CODES, InterviewFactory
from tests.long_text import (
    PASTED,
    assert_counted_not_cut,
    error_under,
    textarea,
    textarea_value,
    too_long,
)

pytestmark = pytest.mark.django_db

CODES = DEFAULT_CODES


def full_card(version: int = 0, **overrides) -> dict:
    """A complete, valid submission: 3s everywhere, CRM not assessed."""
    data = {"version": version, "recommendation": "yes", "summary": "Solid.", "action": "submit"}
    for code in CODES:
        data[f"score_{code}"] = "3"
        data[f"evidence_{code}"] = ""
    data["score_crm"] = "na"
    data.update(overrides)
    return data


@pytest.fixture
def interview(db):
    return InterviewFactory()


def url(interview) -> str:
    return reverse("candidates:scorecard-entry", args=[interview.pk])


def test_submitting_a_complete_card_stores_every_score(client, hr, interview):
    client.force_login(hr)
    response = client.post(url(interview), full_card())
    assert response.status_code == 302
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.is_submitted
    assert scorecard.entered_by == hr
    values = dict(scorecard.scores.values_list("dimension__code", "value"))
    assert values["experience"] == 3
    assert values["crm"] is None  # "not assessed" is NULL, never 1
    assert len(values) == 10
    interview.refresh_from_db()
    assert interview.status == "done"


def test_draft_may_leave_dimensions_unanswered(client, hr, interview):
    client.force_login(hr)
    data = {
        "version": 0,
        "recommendation": "no_decision",
        "action": "draft",
        "score_experience": "4",
    }
    assert client.post(url(interview), data).status_code == 302
    scorecard = Scorecard.objects.get(interview=interview)
    assert not scorecard.is_submitted
    assert list(scorecard.scores.values_list("dimension__code", "value")) == [("experience", 4)]


def test_submit_with_a_missing_dimension_names_it_and_keeps_the_typing(client, hr, interview):
    client.force_login(hr)
    data = full_card(evidence_experience="Ran a 40-client book at CMB")
    del data["score_leadership"]
    response = client.post(url(interview), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "score_leadership" in form.errors
    page = response.content.decode()
    assert "Ran a 40-client book at CMB" in page
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize("level", ["1", "5"])
def test_extreme_score_without_evidence_is_refused_on_its_evidence_field(
    client, hr, interview, level
):
    client.force_login(hr)
    response = client.post(url(interview), full_card(score_ethics=level))
    assert "evidence_ethics" in response.context["form"].errors
    assert not Score.objects.exists()


@pytest.mark.parametrize("bad", ["0", "6", "three", "3.5"])
def test_value_outside_the_scale_is_refused(client, hr, interview, bad):
    client.force_login(hr)
    response = client.post(url(interview), full_card(score_experience=bad))
    assert "score_experience" in response.context["form"].errors
    assert not Scorecard.objects.exists()


def test_all_not_assessed_cannot_be_submitted(client, hr, interview):
    client.force_login(hr)
    data = full_card(**{f"score_{code}": "na" for code in CODES})
    response = client.post(url(interview), data)
    assert response.context["form"].non_field_errors()
    assert not Scorecard.objects.exists()


def test_editing_a_submitted_card_needs_a_reason_and_is_recorded(client, hr, interview):
    client.force_login(hr)
    client.post(url(interview), full_card())
    version = Scorecard.objects.get().version
    no_reason = client.post(url(interview), full_card(version=version, score_experience="4"))
    assert "reason" in no_reason.context["form"].errors
    assert Score.objects.get(dimension__code="experience").value == 3

    response = client.post(
        url(interview),
        full_card(version=version, score_experience="4", reason="Typo from the paper form"),
    )
    assert response.status_code == 302
    revision = ScorecardRevision.objects.get()
    assert revision.edited_by == hr
    assert revision.reason == "Typo from the paper form"
    assert {"field": "experience", "old": 3, "new": 4} in revision.changes
    assert Scorecard.objects.get().is_submitted


def test_second_saver_is_told_and_shown_the_newer_values(client, hr, interview, django_user_model):
    client.force_login(hr)
    client.post(url(interview), full_card(action="draft"))
    loaded_version = Scorecard.objects.get().version

    colleague = django_user_model.objects.create_user("colleague")
    colleague.groups.add(hr.groups.first())
    client.force_login(colleague)
    client.post(
        url(interview),
        full_card(
            version=loaded_version,
            action="draft",
            score_crm="5",
            evidence_crm="Built dashboards in Salesforce",
        ),
    )

    client.force_login(hr)
    response = client.post(
        url(interview), full_card(version=loaded_version, action="draft", summary="Mine")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this scorecard" in page
    assert "differs from yours" in page
    assert "Mine</textarea>" in page  # my typing is kept
    # Nothing of mine was written: the colleague's value stands.
    assert Score.objects.get(dimension__code="crm").value == 5
    # Saving again from the conflict page is a deliberate overwrite.
    newer = response.context["form"]["version"].value()
    again = client.post(url(interview), full_card(version=newer, action="draft", summary="Mine"))
    assert again.status_code == 302
    assert Scorecard.objects.get().summary == "Mine"


def test_interviewer_enters_only_their_own_interviews(client, interviewer, interview):
    client.force_login(interviewer)
    assert client.get(url(interview)).status_code == 404
    Interviewer.objects.filter(pk=interview.interviewer_id).update(user=interviewer)
    assert client.get(url(interview)).status_code == 200


def test_page_shows_every_anchor_and_the_keyboard_hint(client, hr, interview):
    client.force_login(hr)
    page = client.get(url(interview)).content.decode()
    assert page.count('type="radio"') >= 10 * 6
    assert "digits 1–5" in page


def test_the_service_refuses_an_incomplete_submission_whatever_calls_it(hr, interview):
    """The rules sit in save_scorecard, not only in the form: nothing is saved."""
    entry = ScorecardEntry(scores={"experience": ScoreEntry(3)}, recommendation="yes")
    with pytest.raises(IncompleteScorecard) as refused:
        save_scorecard(interview=interview, entry=entry, by=hr, expected_version=0, submit=True)
    assert {problem.kind for problem in refused.value.problems} == {UNANSWERED}
    assert len(refused.value.problems) == len(CODES) - 1
    assert not Scorecard.objects.exists() and not Score.objects.exists()


def test_the_service_saves_the_same_entry_as_a_draft(hr, interview):
    entry = ScorecardEntry(scores={"experience": ScoreEntry(3)}, recommendation="yes")
    card = save_scorecard(interview=interview, entry=entry, by=hr, expected_version=0, submit=False)
    assert not card.is_submitted and card.scores.count() == 1


def test_pasted_evidence_past_the_limit_is_refused_under_its_field_and_kept(client, hr, interview):
    client.force_login(hr)
    pasted = "证据" * (PASTED // 2)
    response = client.post(url(interview), full_card(evidence_experience=pasted))
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "evidence_experience") == too_long(PASTED)
    assert textarea_value(page, "evidence_experience") == pasted
    assert not Scorecard.objects.exists()


def test_evidence_summary_and_reason_of_max_text_characters_are_saved(client, hr, interview):
    client.force_login(hr)
    # 4,000 characters on the page: line breaks arrive as CR LF and count as one.
    longest = "e\r\n" * 200 + "e" * (MAX_TEXT - 400)
    texts = {"evidence_experience": longest, "summary": "s" * MAX_TEXT}
    assert client.post(url(interview), full_card(**texts)).status_code == 302
    edit = full_card(version=1, **texts, reason="r" * MAX_TEXT, score_experience="4")
    assert client.post(url(interview), edit).status_code == 302
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.scores.get(dimension__code="experience").evidence == longest
    assert scorecard.summary == "s" * MAX_TEXT
    assert scorecard.revisions.get().reason == "r" * MAX_TEXT


def test_every_long_text_on_the_page_has_a_counter_and_no_maxlength(client, hr, interview):
    client.force_login(hr)
    assert client.post(url(interview), full_card()).status_code == 302
    page = client.get(url(interview)).content.decode()  # submitted: the reason box too
    names = ["summary", "reason", *(f"evidence_{code}" for code in CODES)]
    for name in names:
        assert_counted_not_cut(textarea(page, name))
    assert page.count("<textarea") == len(names)
    assert 'src="/static/js/textlimit.js"' in page
    assert 'data-count="{count} / {limit} characters"' in page
