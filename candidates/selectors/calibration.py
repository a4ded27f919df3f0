"""Interviewer calibration over a rubric's submitted scorecards (the ORM side of calibration)."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from candidates.models import (
    InterviewRound,
    Opening,
    RankingVersion,
    Recommendation,
    Score,
    Scorecard,
    changes_pending,
)
from candidates.scoring.calibration import (
    Calibration,
    Conduct,
    calibration_of,
    combined,
    fit_sums,
    matrix_sums,
)
from candidates.selectors.caching import cached
from candidates.selectors.matrix import (
    opening_lines,
    rubric_lines,
    rubric_scope,
    scorecard_matrix,
)


def rubric_leniency(rubric, dimensions, *, known: tuple | None = None) -> Calibration:
    """Every interviewer's leniency over all openings that use the rubric.

    The fit adds up each opening's sums (candidates.scoring.calibration.Sums),
    each cached under its own opening's version: after a change on one opening
    only its sums are read again, whatever the size of the others. Two queries
    (the openings, their versions) and one per opening whose sums are not
    cached; one in all while this transaction holds uncommitted changes.
    `known` is (opening id, its version, its matrix) for an opening whose
    scorecards the caller has read already: its sums come from that matrix.
    """
    if changes_pending():
        return calibration_of(scorecard_matrix(rubric_lines(rubric), dimensions))
    openings = list(Opening.objects.filter(rubric=rubric).values_list("pk", flat=True))
    versions = RankingVersion.objects.per_opening(openings)
    codes = tuple(d.code for d in dimensions)

    def sums(opening: int):
        def read():
            return matrix_sums(scorecard_matrix(opening_lines(opening), dimensions))

        if known is not None and known[0] == opening:
            # Stored under the version the matrix was read at, which another process
            # asking with the current one finds unless a change came in between.
            _pk, version, matrix = known
            return cached(version, ("leniency-sums", opening, codes), lambda: matrix_sums(matrix))
        return cached(versions[opening], ("leniency-sums", opening, codes), read)

    return fit_sums(combined([sums(opening) for opening in openings]))


def rubric_calibration(rubric, dimensions) -> Calibration:
    """The calibration page's figures: leniency and each interviewer's conduct (two queries)."""
    return rubric_leniency(rubric, dimensions).with_conduct(rubric_conduct(rubric))


def _count(query, group: str) -> Coalesce:
    """A correlated COUNT(*) of `query` (filtered to one `group` value), 0 when it has no row."""
    counted = query.order_by().values(group).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rubric_conduct(rubric) -> dict[int, Conduct]:
    """Per interviewer id, over their submitted scorecards on the rubric (one query).

    Focus dimensions asked are those of the interview's plan round; one
    scored is a score with a value on one of them ("not assessed" is NULL).
    Interviews without a round, or whose round has no focus, add nothing to
    either count.
    """
    focus = InterviewRound.focus.through.objects.filter(
        interviewround_id=OuterRef("interview__round_id")
    )
    scored = Score.objects.filter(
        scorecard_id=OuterRef("pk"),
        value__isnull=False,
        dimension_id__in=InterviewRound.focus.through.objects.filter(
            interviewround_id=OuterRef(OuterRef("interview__round_id"))
        ).values("dimension_id"),
    )
    rows = (
        Scorecard.objects.filter(rubric_scope(rubric))
        .submitted()
        .alias(
            card_asked=_count(focus, "interviewround_id"),
            card_scored=_count(scored, "scorecard_id"),
        )
        .values_list("interview__interviewer_id")
        .annotate(
            asked=Sum("card_asked"),
            done=Sum("card_scored"),
            undecided=Count("pk", filter=Q(recommendation=Recommendation.NO_DECISION)),
        )
        .order_by()
    )
    return {
        interviewer: Conduct(focus_asked=asked, focus_scored=done, no_decision=undecided)
        for interviewer, asked, done, undecided in rows
    }
