"""Gather an opening's scores in a fixed number of queries and rank them.

The database does the grouping (mean, count, min and max per application and
dimension over submitted, non-null scores); `candidates.ranking` does the
arithmetic. Passing `weights` ranks with unsaved weights (what-if).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min, Q

from candidates.explain import describe_reason, summarize_flags
from candidates.models import Application, Opening, Score
from candidates.ranking import (
    ApplicationScores,
    DimensionStat,
    RankedApplication,
    Ranking,
    RubricRules,
    rank_applications,
)


@dataclass(frozen=True)
class Shortlist:
    opening: Opening
    dimensions: list  # the rubric's Dimension objects, in order
    weights: dict[str, float]  # the weights used, by code
    ranking: Ranking
    applications: dict[int, Application]  # by id, with candidate

    def rows(self) -> list[tuple[RankedApplication, Application]]:
        return [(row, self.applications[row.key]) for row in self.ranking.ranked]

    def pending(self) -> list[tuple[RankedApplication, Application]]:
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


def score_aggregates(opening: Opening):
    """Mean, count, min and max of submitted, non-null scores per (application, dimension)."""
    return (
        Score.objects.filter(
            scorecard__interview__application__opening=opening,
            scorecard__submitted_at__isnull=False,
            value__isnull=False,
        )
        .values("scorecard__interview__application_id", "dimension_id")
        .annotate(mean=Avg("value"), n=Count("value"), low=Min("value"), high=Max("value"))
        .order_by()
    )


def build_shortlist(opening: Opening, *, weights: Mapping[str, float] | None = None) -> Shortlist:
    """Rank the opening's applications with the saved weights, or with `weights`."""
    rubric = opening.rubric
    dimensions = list(rubric.dimensions.all())
    used = (
        {d.code: float(d.weight) for d in dimensions}
        if weights is None
        else {d.code: float(weights.get(d.code, 0)) for d in dimensions}
    )
    applications = {
        application.pk: application
        for application in Application.objects.filter(opening=opening)
        .select_related("candidate")
        .annotate(
            submitted=Count(
                "interviews__scorecard",
                filter=Q(interviews__scorecard__submitted_at__isnull=False),
            )
        )
    }
    code_of = {d.pk: d.code for d in dimensions}
    stats: dict[int, dict[str, DimensionStat]] = {pk: {} for pk in applications}
    for row in score_aggregates(opening):
        stats[row["scorecard__interview__application_id"]][code_of[row["dimension_id"]]] = (
            DimensionStat(mean=float(row["mean"]), n=row["n"], spread=row["high"] - row["low"])
        )
    inputs = [
        ApplicationScores(
            key=pk,
            label=application.candidate.name,
            scorecards=application.submitted,
            dimensions=stats[pk],
        )
        for pk, application in applications.items()
    ]
    ranking = rank_applications(inputs, weights=used, rules=rubric_rules(rubric, dimensions))
    return Shortlist(opening, dimensions, used, ranking, applications)


@dataclass(frozen=True)
class DisplayRow:
    """One shortlist line as the page shows it."""

    row: RankedApplication
    application: Application
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
