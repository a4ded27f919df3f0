"""Two people at once: both decisions kept in order; a cancel and a submission never both win."""

import pytest

from candidates.models import Application, Interview, InterviewStatus, Scorecard, StageChange
from candidates.services.interviews import InterviewUnchangeable, cancel_interview
from candidates.services.scorecards import (
    InterviewCancelled,
    ScorecardEntry,
    ScoreEntry,
    save_scorecard,
)
from candidates.services.stages import change_stage
from tests.concurrency import on_postgresql, run_together
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]


def test_two_decisions_at_once_are_both_recorded_each_from_the_others_stage(hr, manager):
    application = ApplicationFactory(stage="interviewing")
    stale = [Application.objects.get(pk=application.pk) for _ in range(2)]
    results = run_together(
        lambda: change_stage(application=stale[0], stage="offer", by=manager, decision=True),
        lambda: change_stage(application=stale[1], stage="rejected", by=hr, decision=True),
    )
    assert all(isinstance(result, StageChange) for result in results)
    first, second = StageChange.objects.order_by("at", "pk")
    assert first.from_stage == "interviewing"
    assert second.from_stage == first.to_stage
    application.refresh_from_db()
    assert application.stage == second.to_stage
    assert application.decided_by == second.by


def test_cancelling_while_a_scorecard_is_submitted_lets_exactly_one_through(hr):
    interview = InterviewFactory()
    codes = interview.application.opening.rubric.dimensions.values_list("code", flat=True)
    entry = ScorecardEntry(scores={code: ScoreEntry(3) for code in codes}, recommendation="yes")
    results = run_together(
        lambda: cancel_interview(interview=interview, by=hr, reason="Role closed"),
        lambda: save_scorecard(
            interview=Interview.objects.select_related("application__opening__rubric").get(
                pk=interview.pk
            ),
            entry=entry,
            by=hr,
            expected_version=0,
            submit=True,
        ),
    )
    cancelled = Interview.objects.get(pk=interview.pk).status == InterviewStatus.CANCELLED
    submitted = Scorecard.objects.submitted().filter(interview=interview).exists()
    assert cancelled != submitted
    refused = InterviewCancelled if cancelled else InterviewUnchangeable
    assert any(isinstance(result, refused) for result in results)
