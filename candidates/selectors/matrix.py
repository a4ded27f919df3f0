"""Submitted scorecards read from the database as a `ScorecardMatrix`, in one query.

One row per scorecard, its scores in one line of text, so the rows read grow
with scorecards, not with scores.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.models import Q

from candidates.models import ScoreLine
from candidates.scoring.matrix import ScorecardMatrix, from_score_lines
from candidates.selectors.caching import Version, cached


@contextmanager
def executed(query) -> Iterator:
    """A cursor that has run an ORM query's SQL, to read its rows straight from.

    Per-value conversion by the ORM would cost more than the query itself
    on a large opening; the columns read this way are numbers and plain strings.
    """
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield cursor


def fetch_rows(query) -> list[tuple]:
    """Every row of an ORM query, read straight from the cursor (`executed`)."""
    with executed(query) as cursor:
        return cursor.fetchall()


def fetch_chunks(query, size: int) -> Iterator[list[tuple]]:
    """The rows of an ORM query, read straight from the cursor `size` at a time."""
    with executed(query) as cursor:
        while rows := cursor.fetchmany(size):
            yield rows


# Score lines parsed at a time: the parsing's temporaries (a few numbers per score)
# stay a few MB whatever the opening's size, where 300,000 lines at once cost 150 MB.
LINES_AT_ONCE = 20_000


def scorecard_matrix(lines: Q, dimensions: Sequence) -> ScorecardMatrix:
    """Submitted scorecards whose score lines match `lines` (a filter on ScoreLine) as a
    matrix.

    One query whatever the number of scorecards, on one table: a scorecard's
    line, which the database keeps in step with it and its scores
    (candidates.models.ScoreLine), holds its application, interviewer and
    scores, so nothing is joined and no score row is pivoted.
    """
    query = (
        ScoreLine.objects.filter(lines, submitted=True)
        .values_list("scorecard_id", "application_id", "interviewer_id", "pairs")
        .order_by()
    )
    wanted = [(d.pk, d.code) for d in dimensions]
    parts = [from_score_lines(rows, wanted) for rows in fetch_chunks(query, LINES_AT_ONCE)]
    return ScorecardMatrix.joined(parts) if parts else from_score_lines([], wanted)


def opening_matrix(opening, dimensions: Sequence, version: Version) -> ScorecardMatrix:
    """The opening's submitted scorecards, cached under the opening's `version`: the
    shortlist, the agreement page and the candidate page's average share one read."""
    codes = tuple(d.code for d in dimensions)
    return cached(
        version,
        ("matrix", opening.pk, codes),
        lambda: scorecard_matrix(opening_lines(opening), dimensions),
    )


def opening_lines(opening) -> Q:
    """The opening's score lines, as a filter on ScoreLine."""
    return Q(opening=opening)


def rubric_lines(rubric) -> Q:
    """The score lines of every opening on the rubric."""
    return Q(opening__rubric=rubric)


def rubric_scope(rubric) -> Q:
    """The rubric's scorecards, as a filter on Scorecard."""
    return Q(interview__application__opening__rubric=rubric)
