"""Submitted scorecards read from the database as a `ScorecardMatrix`, in one query.

The pivot gives one row per scorecard (a column per dimension), so the row
count grows with scorecards, not with scores.
"""

from collections.abc import Sequence

import numpy as np
from django.db import connection
from django.db.models import Max, Q

from candidates.models import Scorecard
from candidates.scoring.matrix import ScorecardMatrix
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

    One query whatever the number of scorecards; one score per scorecard and
    dimension is guaranteed by the database, so Max picks that score.
    """
    per_dimension = {
        f"d{d.pk}": Max("scores__value", filter=Q(scores__dimension_id=d.pk)) for d in dimensions
    }
    rows = fetch_rows(
        Scorecard.objects.filter(scope)
        .submitted()
        .values_list("pk", "interview__application_id", "interview__interviewer_id")
        .annotate(**per_dimension)
        .order_by()
    )
    data = np.array(rows, dtype=float).reshape(-1, 3 + len(dimensions))
    return ScorecardMatrix(
        scorecards=data[:, 0].astype(int),
        applications=data[:, 1].astype(int),
        raters=data[:, 2].astype(int),
        codes=tuple(d.code for d in dimensions),
        values=data[:, 3:],
    )


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
