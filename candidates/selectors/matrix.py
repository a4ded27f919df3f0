"""Submitted scorecards read from the database as a `ScorecardMatrix`, in one query.

One row per scorecard, its scores in one line of text, so the rows read grow
with scorecards, not with scores.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import Q

from candidates.models import Scorecard
from candidates.scoring.matrix import ScorecardMatrix, from_score_lines
from candidates.selectors.caching import Version, cached


def fetch_rows(query) -> list[tuple]:
    """Rows of an ORM query read straight from the cursor.

    Per-value conversion by the ORM would cost more than the query itself
    on a large opening; the columns read this way are numbers and plain strings.
    """
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scorecard_matrix(scope: Q, dimensions: Sequence) -> ScorecardMatrix:
    """Submitted scorecards matching `scope` (a filter on Scorecard) as a matrix.

    One query whatever the number of scorecards: a row per scorecard with its
    score line, which the database keeps in step with its scores
    (candidates.models.ScoreLine), rather than its ten score rows pivoted.
    """
    rows = fetch_rows(
        Scorecard.objects.filter(scope)
        .submitted()
        .values_list(
            "pk", "interview__application_id", "interview__interviewer_id", "score_line__pairs"
        )
        .order_by()
    )
    return from_score_lines(rows, [(d.pk, d.code) for d in dimensions])


def opening_matrix(opening, dimensions: Sequence, version: Version) -> ScorecardMatrix:
    """The opening's submitted scorecards, cached under the opening's `version`: the
    shortlist, the agreement page and the candidate page's average share one read."""
    codes = tuple(d.code for d in dimensions)
    return cached(
        version,
        ("matrix", opening.pk, codes),
        lambda: scorecard_matrix(opening_scope(opening), dimensions),
    )


def opening_scope(opening) -> Q:
    return Q(interview__application__opening=opening)


def rubric_scope(rubric) -> Q:
    return Q(interview__application__opening__rubric=rubric)
