"""Which writes change a ranking's data, so that cached results are never read stale.

Every save and delete of a model the rankings read is caught by a signal:
the pages, the import, the command line and the Django admin alike. Writes
that bypass signals (`QuerySet.update`, `bulk_create`, `bulk_update`) call
`RankingVersion.objects.changed()` themselves, in the service that makes
them; tests/candidates/services/test_versions.py runs every write path and
fails when one leaves a cached shortlist stale. This is cache bookkeeping,
not a rule of the domain, which stays in the services.
"""

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

# What a ranking, its confidence, agreement or calibration is computed from.
RANKING_DATA = (
    Rubric,
    Dimension,
    Opening,
    Application,
    Interview,
    InterviewRound,
    Scorecard,
    Score,
)


def _changed(sender, **kwargs) -> None:
    RankingVersion.objects.changed()


def _candidate_changed(sender, instance, created=False, **kwargs) -> None:
    """A candidate's name and e-mail are on the shortlist; a new one is on none yet."""
    if not created:
        RankingVersion.objects.changed()


def connect() -> None:
    """Called once, when the app is ready (candidates/apps.py)."""
    for model in RANKING_DATA:
        post_save.connect(_changed, sender=model, dispatch_uid=f"ranking-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"ranking-del-{model.__name__}")
    post_save.connect(_candidate_changed, sender=Candidate, dispatch_uid="ranking-save-Candidate")
    post_delete.connect(_changed, sender=Candidate, dispatch_uid="ranking-del-Candidate")
    m2m_changed.connect(_changed, sender=InterviewRound.focus.through, dispatch_uid="ranking-focus")
