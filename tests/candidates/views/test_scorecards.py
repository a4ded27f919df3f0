"""Scorecard entry: drafts, submission, bad input, audited edits, conflicts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    MAX_TEXT,
    Interviewer,
    InterviewStatus,
    Score,
    Scorecard,
    ScorecardRevision,
)
from candidates.services.scorecards import (
    UNANSWERED,
    IncompleteScorecard,
    ScorecardEntry,
    ScoreEntry,
    save_scorecard,
)
from tests.factories import DEFAULT_CODES, InterviewFactory, submitted_scorecard
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
    assert "Type a digit, 1 to 5 or 0 for “not assessed”" in page
    assert "Shift+Tab right after the digit" in page
    # The script learns from the page which levels send the focus to the evidence note.
    assert page.count('data-needs-evidence="1 5"') == 10


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


def test_error_summary_links_each_dimension_in_error_by_name(client, hr, interview):
    client.force_login(hr)
    data = full_card(score_ethics="5")
    del data["score_leadership"]
    response = client.post(url(interview), data)
    page = response.content.decode()
    summary = page[
        page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))
    ]
    assert "Nothing was saved. Please correct the marked dimensions." in summary
    assert '<a href="#dimension-leadership" data-error-link>Leadership</a>' in summary
    assert '<a href="#dimension-ethics" data-error-link>Ethics and responsibility</a>' in summary
    assert summary.index("#dimension-leadership") < summary.index("#dimension-ethics")
    assert "#dimension-experience" not in summary
    assert 'id="dimension-leadership"' in page and 'id="dimension-ethics"' in page


def test_error_summary_names_the_missing_reason_on_a_submitted_card(client, hr, interview):
    client.force_login(hr)
    client.post(url(interview), full_card())
    response = client.post(url(interview), full_card(version=1, score_experience="4"))
    assert '<a href="#id_reason" data-error-link>' in response.content.decode()


def waiting_interview(interview, **fields):
    """Another interview of the same opening, held yesterday, with no scorecard yet."""
    return InterviewFactory(application__opening=interview.application.opening, **fields)


def test_hr_goes_on_to_the_next_card_waiting_on_the_same_opening(client, hr, interview):
    InterviewFactory(scheduled_at=timezone.now() - timedelta(days=9))  # another opening
    later = waiting_interview(interview)
    following = waiting_interview(interview, scheduled_at=timezone.now() - timedelta(days=3))
    waiting_interview(interview, status=InterviewStatus.CANCELLED)
    waiting_interview(interview, scheduled_at=timezone.now() + timedelta(days=2))
    submitted_scorecard(waiting_interview(interview), {"experience": 3})
    client.force_login(hr)

    response = client.post(url(interview), full_card(), follow=True)

    assert response.redirect_chain == [(url(following), 302)]
    candidate = following.application.candidate.name
    assert [str(m) for m in response.context["messages"]] == [
        f"Scorecard submitted. Next scorecard waiting: {candidate}, {following.round_name}."
    ]
    # Oldest first; another opening's older card, a cancelled, a future or a
    # submitted interview never comes up, nor the card just submitted.
    again = client.post(url(following), full_card(), follow=True)
    assert again.redirect_chain == [(url(later), 302)]


def test_hr_goes_to_the_candidate_when_no_card_of_the_opening_waits(client, hr, interview):
    InterviewFactory()  # another opening's card waits: not this stack
    client.force_login(hr)
    response = client.post(url(interview), full_card(), follow=True)
    candidate_page = reverse(
        "candidates:candidate-detail", args=[interview.application.candidate_id]
    )
    assert response.redirect_chain == [(candidate_page, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Scorecard submitted. No other scorecard of this opening is waiting."
    ]


def test_hr_correcting_a_submitted_card_goes_back_to_the_candidate(client, hr, interview):
    waiting_interview(interview)
    client.force_login(hr)
    client.post(url(interview), full_card(), follow=True)
    response = client.post(
        url(interview), full_card(version=1, score_experience="4", reason="Typo"), follow=True
    )
    candidate_page = reverse(
        "candidates:candidate-detail", args=[interview.application.candidate_id]
    )
    assert response.redirect_chain == [(candidate_page, 302)]
    assert "Reason for changing a submitted scorecard" not in response.content.decode()
    assert [str(m) for m in response.context["messages"]] == [
        "Changes saved and recorded with your reason."
    ]


def test_interviewer_goes_on_to_their_own_next_card_then_to_my_interviews(
    client, interviewer, interview
):
    mine = Interviewer.objects.filter(pk=interview.interviewer_id)
    mine.update(user=interviewer)
    waiting_interview(interview)  # a colleague's card: not theirs to fill
    # Another opening, a blind one: still theirs, and named by the candidate's code.
    next_mine = InterviewFactory(
        interviewer=interview.interviewer, application__opening__blind_review=True
    )
    client.force_login(interviewer)

    first = client.post(url(interview), full_card(), follow=True)
    assert first.redirect_chain == [(url(next_mine), 302)]
    candidate = next_mine.application.candidate
    [message] = [str(m) for m in first.context["messages"]]
    assert candidate.code in message and candidate.name not in message

    last = client.post(url(next_mine), full_card(), follow=True)
    assert last.redirect_chain == [(reverse("candidates:my-interviews"), 302)]
    assert [str(m) for m in last.context["messages"]] == [
        "Scorecard submitted. No other scorecard is waiting for you."
    ]


def test_saving_a_draft_stays_on_the_card(client, hr, interview):
    waiting_interview(interview)
    client.force_login(hr)
    response = client.post(url(interview), full_card(action="draft"), follow=True)
    assert response.redirect_chain == [(url(interview), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Draft saved. It is not counted until you submit it."
    ]
