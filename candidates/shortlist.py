"""Gather an opening's scores in a fixed number of queries and rank them.

The database does the grouping (mean, count, min and max per application and
dimension over submitted, non-null scores); `candidates.ranking` does the
arithmetic. Passing `weights` ranks with unsaved weights (what-if).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, Min, Sum

from candidates.explain import describe_reason, summarize_flags
from candidates.models import Application, Opening, Score, Scorecard, Stage
from candidates.ranking import (
    ApplicationScores,
    DimensionStat,
    RankedApplication,
    Ranking,
    RubricRules,
    rank_applications,
)


@dataclass(frozen=True, slots=True)
class CandidateInfo:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Entry:
    """What the shortlist shows of an application, read as plain values (no model)."""

    pk: int
    candidate_id: int
    candidate: CandidateInfo
    stage: str

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


@dataclass(frozen=True)
class Shortlist:
    opening: Opening
    dimensions: list  # the rubric's Dimension objects, in order
    weights: dict[str, float]  # the weights used, by code
    ranking: Ranking
    applications: dict[int, Entry]  # by application id

    def rows(self) -> list[tuple[RankedApplication, Entry]]:
        return [(row, self.applications[row.key]) for row in self.ranking.ranked]

    def pending(self) -> list[tuple[RankedApplication, Entry]]:
        return [(row, self.applications[row.key]) for row in self.ranking.needs_more_evidence]

    def dimension_averages(self) -> dict[str, float]:
        """The opening's average of application means, per dimension code."""
        sums: dict[str, list[float]] = {}
        for row in [*self.ranking.ranked, *self.ranking.needs_more_evidence]:
            for code, stat in row.dimensions.items():
                sums.setdefault(code, []).append(stat.mean)
        return {code: sum(values) / len(values) for code, values in sums.items()}


def rubric_rules(rubric, dimensions) -> RubricRules:
    return RubricRules(
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        min_coverage=float(rubric.min_coverage),
        min_scorecards=rubric.min_scorecards,
        gates={d.code: float(d.gate) for d in dimensions if d.gate is not None},
    )


def score_aggregates(opening: Opening) -> list[tuple]:
    """(application, dimension, sum, count, min, max) of submitted, non-null scores.

    The ORM writes the GROUP BY; the rows are read straight from the cursor,
    because per-value conversion would cost more than the query on a large
    opening. Integer sums need no conversion; the mean is one division.
    """
    query = (
        Score.objects.filter(
            scorecard__interview__application__opening=opening,
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .values_list("scorecard__interview__application_id", "dimension_id")
        .annotate(Sum("value"), Count("value"), Min("value"), Max("value"))
        .order_by()
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def submitted_counts(opening: Opening) -> dict[int, int]:
    return dict(
        Scorecard.objects.filter(interview__application__opening=opening)
        .submitted()
        .values_list("interview__application_id")
        .annotate(Count("pk"))
        .order_by()
    )


def opening_entries(opening: Opening) -> dict[int, Entry]:
    rows = Application.objects.filter(opening=opening).values_list(
        "pk", "candidate_id", "candidate__name", "candidate__email", "stage"
    )
    return {
        pk: Entry(pk, candidate_id, CandidateInfo(name, email), stage)
        for pk, candidate_id, name, email, stage in rows
    }


def build_shortlist(opening: Opening, *, weights: Mapping[str, float] | None = None) -> Shortlist:
    """Rank the opening's applications with the saved weights, or with `weights`.

    Four queries whatever the number of applications: dimensions,
    applications, submitted scorecard counts, score aggregates.
    """
    rubric = opening.rubric
    dimensions = list(rubric.dimensions.all())
    used = (
        {d.code: float(d.weight) for d in dimensions}
        if weights is None
        else {d.code: float(weights.get(d.code, 0)) for d in dimensions}
    )
    entries = opening_entries(opening)
    counts = submitted_counts(opening)
    code_of = {d.pk: d.code for d in dimensions}
    stats: dict[int, dict[str, DimensionStat]] = {pk: {} for pk in entries}
    for application_id, dimension_id, total, n, low, high in score_aggregates(opening):
        stats[application_id][code_of[dimension_id]] = DimensionStat(total / n, n, high - low)
    inputs = [
        ApplicationScores(
            key=pk, label=entry.candidate.name, scorecards=counts.get(pk, 0), dimensions=stats[pk]
        )
        for pk, entry in entries.items()
    ]
    ranking = rank_applications(inputs, weights=used, rules=rubric_rules(rubric, dimensions))
    return Shortlist(opening, dimensions, used, ranking, entries)


@dataclass(frozen=True)
class DisplayRow:
    """One shortlist line as the page shows it."""

    row: RankedApplication
    application: Entry
    cells: list[tuple[str, float | None, int | None]]  # (code, mean, shade level 1-5)
    flags: list[str]
    reasons: list[str]


def display_rows(shortlist: Shortlist, pairs) -> list[DisplayRow]:
    names = {d.code: d.name for d in shortlist.dimensions}
    rules = rubric_rules(shortlist.opening.rubric, shortlist.dimensions)
    lines = []
    for row, application in pairs:
        cells = []
        for dimension in shortlist.dimensions:
            stat = row.dimensions.get(dimension.code)
            mean = None if stat is None else stat.mean
            cells.append((dimension.code, mean, None if mean is None else round(mean)))
        lines.append(
            DisplayRow(
                row=row,
                application=application,
                cells=cells,
                flags=summarize_flags(row.flags, names, rules.gates),
                reasons=[describe_reason(reason, names, rules) for reason in row.reasons],
            )
        )
    return lines


def filter_rows(pairs, *, stage: str = "", hide_flagged: bool = False):
    """Filter ranked rows for display; ranks stay those of the whole opening."""
    return [
        (row, application)
        for row, application in pairs
        if (not stage or application.stage == stage) and not (hide_flagged and row.flags)
    ]
