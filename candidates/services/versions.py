"""Which writes change a ranking's data, so that cached results are never read stale.

Every save and delete of a model the rankings read is caught by a signal:
the pages, the import, the command line and the Django admin alike. Writes
that bypass signals (`QuerySet.update`, `bulk_create`, `bulk_update`) call
`RankingVersion.objects.changed()` themselves, in the service that makes
them; tests/candidates/services/test_versions.py runs every write path and
fails when one leaves a cached shortlist stale. This is cache bookkeeping,
not a rule of the domain, which stays in the services.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from candidates.models import (
    Application,
    Candidate,
    Interview,
    InterviewRound,
    Opening,
    RankingVersion,
    Score,
    Scorecard,
)
from rubrics.models import Dimension, Rubric

# How to find the applications, hence the openings, a saved or deleted row belongs to.
APPLICATIONS_OF = {
    Interview: lambda interview: Q(pk=interview.application_id),
    Scorecard: lambda scorecard: Q(interviews=scorecard.interview_id),
    Score: lambda score: Q(interviews__scorecard=score.scorecard_id),
    Candidate: lambda candidate: Q(candidate=candidate.pk),
}


def _openings(sender, instance) -> list[int] | None:
    """The openings whose rankings `instance` is part of (one query at most); None: any
    opening may be (a rubric, a dimension)."""
    if sender in (Application, InterviewRound):
        return [instance.opening_id]
    if sender is Opening:
        return [instance.pk]
    if sender not in APPLICATIONS_OF:
        return None
    found = Application.objects.filter(APPLICATIONS_OF[sender](instance))
    openings = list(found.values_list("opening_id", flat=True))
    if openings or sender is Candidate:  # a candidate on no opening is on no shortlist
        return openings
    return None  # its application went first in a cascade: every opening, to be safe


def _changed(sender, instance, **kwargs) -> None:
    RankingVersion.objects.changed(openings=_openings(sender, instance))


def _saved(sender, instance, created=False, **kwargs) -> None:
    if sender is Candidate and created:  # a new candidate is on no shortlist yet
        return
    _changed(sender, instance)


def _focus_changed(sender, instance, **kwargs) -> None:
    """A plan round's focus changed, from the round's side or from a dimension's."""
    is_round = isinstance(instance, InterviewRound)
    RankingVersion.objects.changed(openings=[instance.opening_id] if is_round else None)


# What a ranking, its confidence, agreement or calibration is computed from.
RANKING_DATA = (
    Rubric,
    Dimension,
    Opening,
    Candidate,
    Application,
    Interview,
    InterviewRound,
    Scorecard,
    Score,
)


def connect() -> None:
    """Called once, when the app is ready (candidates/apps.py)."""
    for model in RANKING_DATA:
        post_save.connect(_saved, sender=model, dispatch_uid=f"ranking-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"ranking-del-{model.__name__}")
    m2m_changed.connect(
        _focus_changed, sender=InterviewRound.focus.through, dispatch_uid="ranking-focus"
    )
