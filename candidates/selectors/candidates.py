"""Reads about candidates: search, the candidate page's dossier, evidence, the audit."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, AuditEntry, Candidate, Interview, Opening, Score
from candidates.scoring.matrix import average_of_means
from candidates.scoring.summaries import DimensionSummary, summarize
from candidates.selectors.access import (
    candidates_for_user,
    opening_condition,
    sees_listed_contacts,
    within_openings,
)
from candidates.selectors.caching import cached, opening_version
from candidates.selectors.history import TimelineEntry, application_timeline, timeline_prefetches
from candidates.selectors.matrix import opening_matrix


def search_candidates(query: str, user) -> QuerySet[Candidate]:
    """The candidates the user may see whose name, e-mail or company holds `query`."""
    candidates = candidates_for_user(user).annotate(
        application_count=Count(
            "applications", filter=opening_condition(user, "applications__opening")
        )
    )
    if query:
        matches = Q(name__icontains=query) | Q(current_company__icontains=query)
        if sees_listed_contacts(user):
            # Who may not read e-mails may not probe them through the search either.
            matches |= Q(email__icontains=query)
        candidates = candidates.filter(matches)
    return candidates.order_by("name", "pk")


def candidates_to_add(opening: Opening, *, text: str, pks: list[int]) -> QuerySet[Candidate]:
    """Candidates not yet on `opening` whose name or e-mail holds `text`, or whose id is one
    of `pks` (a typed candidate code), in name order: HR's search when adding to an opening.

    Only HR add candidates, and HR read e-mails: unlike `search_candidates`, the e-mail is
    always searched.
    """
    matches = Q(name__icontains=text) | Q(email__icontains=text) | Q(pk__in=pks)
    return (
        Candidate.objects.exclude(applications__opening=opening)
        .filter(matches)
        .order_by("name", "pk")
    )


def interviews_with_scorecards() -> Prefetch:
    """Interviews with interviewer, scorecard and its scores, for one prefetch."""
    scores = Score.objects.select_related("dimension").order_by("dimension__order")
    return Prefetch(
        "interviews",
        queryset=Interview.objects.select_related("interviewer", "round", "scorecard__entered_by")
        .prefetch_related(Prefetch("scorecard__scores", queryset=scores))
        .order_by("scheduled_at"),
    )


@dataclass(frozen=True)
class ApplicationDossier:
    application: Application
    dimensions: list  # the rubric's dimensions, in order
    summaries: list[tuple[object, DimensionSummary]]  # (dimension, summary)
    submitted: int
    timeline: list[TimelineEntry] = field(default_factory=list)  # oldest first; candidate page

    @property
    def disagreements(self) -> list:
        return [dimension for dimension, summary in self.summaries if summary.raters_disagree]


def candidate_dossier(candidate: Candidate, user) -> list[ApplicationDossier]:
    """The candidate's applications the user may see, with interviews, scorecards and timeline.

    A fixed number of queries, however many applications, interviews and events.
    """
    applications = (
        within_openings(Application.objects.filter(candidate=candidate), user)
        .select_related("opening__rubric", "decided_by")
        .prefetch_related(
            "opening__rubric__dimensions", interviews_with_scorecards(), *timeline_prefetches()
        )
    )
    return [
        dossier_for(application, timeline=application_timeline(application))
        for application in applications
    ]


def dossier_for(
    application: Application, *, timeline: list[TimelineEntry] | None = None
) -> ApplicationDossier:
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
        timeline=timeline or [],
    )


def opening_average(opening, dimensions) -> dict[str, float]:
    """Per dimension code, the average of the opening's application means (two queries:
    the ranking version, and the scorecards when that version's average is not cached).

    The same figure the shortlist and the comparison page draw: both come from
    `average_of_means` over the opening's submitted scorecards.
    """

    version = opening_version(opening.pk)

    def compute() -> dict[str, float]:
        matrix = opening_matrix(opening, dimensions, version)
        keys = sorted(set(matrix.applications.tolist()))
        stats = matrix.per_application(keys)
        return average_of_means(matrix.codes, stats.means, stats.counts)

    codes = tuple(d.code for d in dimensions)
    return cached(version, ("average", opening.pk, codes), compute)


def candidate_or_404(pk: int, user) -> Candidate:
    """A candidate the user may see (see `candidates_for_user`), or 404."""
    return get_object_or_404(candidates_for_user(user), pk=pk)


def audit_entries(candidate: Candidate) -> QuerySet[AuditEntry]:
    """What was done with the candidate's personal data, with who did it."""
    return candidate.audit_entries.select_related("actor")


def evidence_notes(application_ids: list[int]) -> dict[int, dict[str, list]]:
    """Submitted evidence per application and dimension code, in one query."""
    notes: dict[int, dict[str, list]] = {pk: {} for pk in application_ids}
    scores = (
        Score.objects.filter(
            scorecard__interview__application_id__in=application_ids,
            scorecard__submitted_at__isnull=False,
        )
        .exclude(evidence="")
        .select_related("dimension", "scorecard__interview__interviewer")
        .order_by("dimension__order")
    )
    for score in scores:
        application_id = score.scorecard.interview.application_id
        notes[application_id].setdefault(score.dimension.code, []).append(score)
    return notes
