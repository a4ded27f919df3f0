"""The debrief page of one application: recommendations, every score side by side, notes.

The per-dimension summaries and disagreement flags are the candidate page's
(`dossier_for`); the weighted score and its interval are the shortlist's
(`build_shortlist`, `ranking_confidence`), so the three pages never disagree.
A fixed number of queries, however many scorecards and notes.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from candidates.models import Application, DebriefNote, Recommendation
from candidates.scoring.confidence import ScoreConfidence
from candidates.scoring.ranking import RankedApplication
from candidates.scoring.summaries import DimensionSummary
from candidates.selectors.access import within_openings
from candidates.selectors.candidates import dossier_for, interviews_with_scorecards
from candidates.selectors.confidence import ConfidenceReport, ranking_confidence
from candidates.selectors.shortlist import Shortlist, build_shortlist
from hiring import roles

# The four opinions from worst to best; "no decision" is no point on that line, so it comes last.
TALLY_ORDER = (
    Recommendation.STRONG_NO,
    Recommendation.NO,
    Recommendation.YES,
    Recommendation.STRONG_YES,
    Recommendation.NO_DECISION,
)


@dataclass(frozen=True)
class Rating:
    """One submitted score on one dimension; `value` None is "not assessed"."""

    interviewer: str
    round_name: str
    value: int | None
    evidence: str


@dataclass(frozen=True)
class DimensionRatings:
    dimension: object  # rubrics.models.Dimension
    summary: DimensionSummary
    ratings: list[Rating]  # in interview order

    @property
    def raters_disagree(self) -> bool:
        return self.summary.raters_disagree


@dataclass(frozen=True)
class WeightedScore:
    """The application's line of the opening's shortlist, with its confidence figures."""

    shortlist: Shortlist
    report: ConfidenceReport
    row: RankedApplication | None  # None if the shortlist has no line for it

    @property
    def confidence(self) -> ScoreConfidence | None:
        """Interval figures; only ranked applications have them (see `ranking_confidence`)."""
        return None if self.row is None else self.report.rows.get(self.row.key)


@dataclass(frozen=True)
class Debrief:
    application: Application
    submitted: int
    tally: list[tuple[Recommendation, int]]  # in TALLY_ORDER
    dimensions: list[DimensionRatings]  # those where raters disagree first, then rubric order
    weighted: WeightedScore
    notes: list[DebriefNote]  # oldest first

    @property
    def disagreements(self) -> list:
        return [line.dimension for line in self.dimensions if line.raters_disagree]


def debrief_or_404(pk: int, user) -> Debrief:
    """The debrief of an application on an opening in the user's scope, or 404."""
    notes = DebriefNote.objects.select_related("author")
    applications = (
        within_openings(Application.objects.all(), user)
        .select_related("candidate", "opening__rubric")
        .prefetch_related(
            "opening__rubric__dimensions",
            interviews_with_scorecards(),
            Prefetch("debrief_notes", queryset=notes),
        )
    )
    return debrief_for(get_object_or_404(applications, pk=pk))


def debrief_for(application: Application) -> Debrief:
    """The debrief from an application fetched as `debrief_or_404` fetches it."""
    dossier = dossier_for(application)
    cards = [
        interview.scorecard
        for interview in application.interviews.all()
        if getattr(interview, "scorecard", None) is not None and interview.scorecard.is_submitted
    ]
    counts = Counter(card.recommendation for card in cards)
    lines = [
        DimensionRatings(dimension, summary, ratings_on(dimension, cards))
        for dimension, summary in dossier.summaries
    ]
    # sorted() is stable: within each group the rubric's order stays.
    lines.sort(key=lambda line: not line.raters_disagree)
    return Debrief(
        application=application,
        submitted=dossier.submitted,
        tally=[(choice, counts[choice]) for choice in TALLY_ORDER],
        dimensions=lines,
        weighted=weighted_score(application),
        notes=list(application.debrief_notes.all()),
    )


def ratings_on(dimension, cards) -> list[Rating]:
    return [
        Rating(
            interviewer=card.interview.interviewer.name,
            round_name=card.interview.round_label,
            value=score.value,
            evidence=score.evidence,
        )
        for card in cards
        for score in card.scores.all()
        if score.dimension_id == dimension.pk
    ]


def weighted_score(application: Application) -> WeightedScore:
    """The application's weighted score and 90% interval, as the opening's shortlist has them."""
    shortlist = build_shortlist(application.opening)
    report = ranking_confidence(shortlist)
    return WeightedScore(shortlist, report, shortlist.row_of(application.pk))


def may_add_debrief_notes(user, application: Application) -> bool:
    """HR, and the managers on the opening's hiring team; rubric admins only read."""
    if roles.has_role(user, *roles.HR_ROLES):
        return True
    return (
        roles.has_role(user, roles.MANAGER)
        and application.opening.hiring_managers.filter(pk=user.pk).exists()
    )
