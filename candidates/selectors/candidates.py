"""Reads for the pages, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from candidates.models import Application, Candidate, Interview, Opening, Score
from candidates.scoring.summaries import DimensionSummary, summarize


def openings_with_counts() -> QuerySet[Opening]:
    return (
        Opening.objects.select_related("rubric")
        .annotate(
            application_count=Count("applications", distinct=True),
            interview_count=Count("applications__interviews", distinct=True),
            submitted_count=Count(
                "applications__interviews__scorecard",
                filter=Q(applications__interviews__scorecard__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("status", "-created_at", "pk")
    )


def search_candidates(query: str) -> QuerySet[Candidate]:
    candidates = Candidate.objects.annotate(application_count=Count("applications"))
    if query:
        candidates = candidates.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(current_company__icontains=query)
        )
    return candidates.order_by("name", "pk")


def interviews_with_scorecards() -> Prefetch:
    """Interviews with interviewer, scorecard and its scores, for one prefetch."""
    scores = Score.objects.select_related("dimension").order_by("dimension__order")
    return Prefetch(
        "interviews",
        queryset=Interview.objects.select_related("interviewer", "scorecard__entered_by")
        .prefetch_related(Prefetch("scorecard__scores", queryset=scores))
        .order_by("scheduled_at"),
    )


@dataclass(frozen=True)
class ApplicationDossier:
    application: Application
    dimensions: list  # the rubric's dimensions, in order
    summaries: list[tuple[object, DimensionSummary]]  # (dimension, summary)
    submitted: int

    @property
    def disagreements(self) -> list:
        return [dimension for dimension, summary in self.summaries if summary.raters_disagree]


def candidate_dossier(candidate: Candidate) -> list[ApplicationDossier]:
    """Every application of the candidate with interviews, scorecards and summaries."""
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("opening__rubric", "decided_by")
        .prefetch_related("opening__rubric__dimensions", interviews_with_scorecards())
    )
    return [dossier_for(application) for application in applications]


def dossier_for(application: Application) -> ApplicationDossier:
    """Summaries from prefetched interviews, scorecards and scores (no further queries)."""
    dimensions = list(application.opening.rubric.dimensions.all())
    submitted_scores = []
    submitted = 0
    for interview in application.interviews.all():
        scorecard = getattr(interview, "scorecard", None)
        if scorecard is None or not scorecard.is_submitted:
            continue
        submitted += 1
        submitted_scores += [(s.dimension.code, s.value) for s in scorecard.scores.all()]
    summaries = summarize([d.code for d in dimensions], submitted_scores)
    return ApplicationDossier(
        application=application,
        dimensions=dimensions,
        summaries=list(zip(dimensions, summaries, strict=True)),
        submitted=submitted,
    )


def opening_averages(opening_ids: list[int]) -> dict[int, dict[str, float]]:
    """Per opening and dimension code, the average of its applications' means.

    The same average the comparison page draws; one query, grouped twice by
    the database (per application, then per opening).
    """
    if not opening_ids:  # a candidate on no opening yet: the IN () would match nothing
        return {}
    per_application = (
        Score.objects.filter(
            scorecard__interview__application__opening__in=opening_ids,
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .annotate(
            opening=F("scorecard__interview__application__opening_id"),
            application=F("scorecard__interview__application_id"),
            code=F("dimension__code"),
        )
        .values("opening", "application", "code")
        .annotate(mean=Avg("value"))
        .order_by()
    )
    sql, params = per_application.query.sql_with_params()
    averages: dict[int, dict[str, float]] = {pk: {} for pk in opening_ids}
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "opening", "code", AVG("mean") FROM ({sql}) AS per_application '
            'GROUP BY "opening", "code"',
            params,
        )
        for opening, code, mean in cursor.fetchall():
            averages[opening][code] = float(mean)
    return averages
