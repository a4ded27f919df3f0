"""Submitting a scorecard the way the page does, with its after-commit event run."""

from candidates.models import Interview
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard


def submit(interview: Interview, capture, *, recommendation: str = "yes"):
    """Submit a complete scorecard (every dimension 3) and run the on-commit callbacks.

    `capture` is pytest-django's django_capture_on_commit_callbacks fixture.
    """
    interview = Interview.objects.select_related("application__opening__rubric", "round").get(
        pk=interview.pk
    )
    codes = interview.application.opening.rubric.dimensions.values_list("code", flat=True)
    entry = ScorecardEntry(
        scores={code: ScoreEntry(3) for code in codes}, recommendation=recommendation
    )
    with capture(execute=True):
        return save_scorecard(
            interview=interview, entry=entry, by=None, expected_version=0, submit=True
        )
