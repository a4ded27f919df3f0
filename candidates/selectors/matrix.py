"""Submitted scorecards as one numeric matrix: who rated which application, and how.

Agreement, calibration and confidence all work rater by rater, which the
shortlist's per-application aggregates cannot give. One query pivots the
scores to one row per scorecard (a column per dimension, NaN where the
interviewer chose "not assessed"), so the row count grows with scorecards,
not with scores.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from django.db.models import Max, Q

from candidates.models import Scorecard
from candidates.sql import fetch_rows


@dataclass(frozen=True, eq=False)
class ApplicationStats:
    scorecards: np.ndarray  # (applications,) submitted scorecards
    means: np.ndarray  # (applications, codes) NaN where nothing was scored
    counts: np.ndarray  # (applications, codes) scores given
    spreads: np.ndarray  # (applications, codes) highest minus lowest score, 0 if none


@dataclass(frozen=True, eq=False)
class ScorecardMatrix:
    """One row per submitted scorecard; `values` is NaN where nothing was scored."""

    scorecards: np.ndarray  # (rows,) scorecard ids
    applications: np.ndarray  # (rows,) application ids
    raters: np.ndarray  # (rows,) interviewer ids
    codes: tuple[str, ...]
    values: np.ndarray  # (rows, codes)

    @property
    def scored(self) -> np.ndarray:
        return ~np.isnan(self.values)

    def totals(self, weights: dict[str, float]) -> np.ndarray:
        """Each scorecard's weighted mean over the dimensions it scored (NaN if none)."""
        w = np.array([float(weights.get(code, 0.0)) for code in self.codes])
        scored_weight = self.scored @ w
        weighted = np.where(self.scored, self.values, 0.0) @ w
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(scored_weight > 0, weighted / scored_weight, np.nan)

    def long(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The scored cells as (row, column, value) arrays, one entry per rating."""
        rows, columns = np.nonzero(self.scored)
        return rows, columns, self.values[rows, columns]

    def corrected(self, corrections: dict[int, float]) -> "ScorecardMatrix":
        """The same scorecards with each listed interviewer's correction subtracted."""
        shift = np.array([corrections.get(r, 0.0) for r in self.raters.tolist()])
        return replace(self, values=self.values - shift[:, None])

    def application_means(self, keys: Sequence[int]) -> np.ndarray:
        """Per application in `keys` order and dimension, the mean score (NaN if none)."""
        return self.per_application(keys).means

    def per_application(self, keys: Sequence[int]) -> "ApplicationStats":
        """The shortlist's aggregates, per application in `keys` order, in numpy."""
        ids = np.asarray(keys, dtype=int)
        order = np.argsort(ids)
        at = order[np.searchsorted(ids[order], self.applications)]  # row -> position in keys
        scored = self.scored
        shape = (len(keys), len(self.codes))
        sums, counts = np.zeros(shape), np.zeros(shape, dtype=int)
        high, low = np.full(shape, -np.inf), np.full(shape, np.inf)
        np.add.at(sums, at, np.where(scored, self.values, 0.0))
        np.add.at(counts, at, scored)
        np.maximum.at(high, at, np.where(scored, self.values, -np.inf))
        np.minimum.at(low, at, np.where(scored, self.values, np.inf))
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(counts > 0, sums / counts, np.nan)
        return ApplicationStats(
            scorecards=np.bincount(at, minlength=len(keys)),
            means=means,
            counts=counts,
            spreads=np.where(counts > 0, high - low, 0.0),
        )

    def column(self, code: str) -> list[tuple[int, int, float]]:
        """(application, scorecard, value) for one dimension: agreement's triples.

        The scorecard stands for the rater: alpha needs one value per rater and
        unit, and an interviewer who met a candidate twice gave two.
        """
        j = self.codes.index(code)
        keep = self.scored[:, j]
        return list(
            zip(
                self.applications[keep].tolist(),
                self.scorecards[keep].tolist(),
                self.values[keep, j].tolist(),
                strict=True,
            )
        )


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


def opening_scope(opening) -> Q:
    return Q(interview__application__opening=opening)


def rubric_scope(rubric) -> Q:
    return Q(interview__application__opening__rubric=rubric)
