"""Submitted scorecards as one numeric matrix: who rated which application, and how.

Agreement, calibration and confidence all work rater by rater, which the
shortlist's per-application aggregates cannot give. `ScorecardMatrix` holds
one row per scorecard (a column per dimension, NaN where the interviewer chose
"not assessed"); `candidates.selectors.matrix` fills it from the database.
Pure numpy.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import repeat

import numpy as np


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

    @classmethod
    def joined(cls, parts: Sequence["ScorecardMatrix"]) -> "ScorecardMatrix":
        """The rows of `parts` (at least one, with the same codes) one after another."""
        return cls(
            scorecards=np.concatenate([part.scorecards for part in parts]),
            applications=np.concatenate([part.applications for part in parts]),
            raters=np.concatenate([part.raters for part in parts]),
            codes=parts[0].codes,
            values=np.concatenate([part.values for part in parts]),
        )

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
        # One flat bin per (application, dimension): bincount is far faster than ufunc.at.
        cell = (at[:, None] * len(self.codes) + np.arange(len(self.codes))).ravel()
        size = shape[0] * shape[1]
        sums = np.bincount(cell, np.where(scored, self.values, 0.0).ravel(), size).reshape(shape)
        counts = np.bincount(cell, scored.ravel(), size).reshape(shape).astype(int)
        high, low = np.full(size, -np.inf), np.full(size, np.inf)
        np.maximum.at(high, cell, np.where(scored, self.values, -np.inf).ravel())
        np.minimum.at(low, cell, np.where(scored, self.values, np.inf).ravel())
        high, low = high.reshape(shape), low.reshape(shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            means = np.where(counts > 0, sums / counts, np.nan)
        return ApplicationStats(
            scorecards=np.bincount(at, minlength=len(keys)),
            means=means,
            counts=counts,
            spreads=np.where(counts > 0, high - low, 0.0),
        )


def from_score_lines(
    rows: Sequence[tuple[int, int, int, str]], dimensions: Sequence[tuple[int, str]]
) -> ScorecardMatrix:
    """A matrix from (scorecard, application, interviewer, line) rows and the (id, code)
    of the dimensions wanted, in column order.

    A line is "dimension id,score,dimension id,score…" (candidates.models.ScoreLine),
    empty for a scorecard without a score. The lines are parsed in one
    pass over their concatenation; a dimension not wanted is left out.
    """
    n = len(rows)
    cards, applications, raters, lines = zip(*rows, strict=True) if rows else ((),) * 4
    # "a,b,c,d" holds two pairs: (commas + 1) // 2, and 0 for an empty line.
    commas = np.fromiter(map(str.count, lines, repeat(",")), dtype=np.int64, count=n)
    joined = ",".join(filter(None, lines))
    numbers = np.fromstring(joined, sep=",", dtype=np.int64) if joined else np.zeros(0, int)
    ids = np.array([pk for pk, _code in dimensions], dtype=np.int64)
    order = np.argsort(ids)
    found = numbers[0::2]
    at = np.minimum(np.searchsorted(ids[order], found), max(len(ids) - 1, 0))
    wanted = ids[order][at] == found if len(ids) else np.zeros(len(found), dtype=bool)
    values = np.full((n, len(ids)), np.nan)
    row_of = np.repeat(np.arange(n), (commas + 1) // 2)
    values[row_of[wanted], order[at[wanted]]] = numbers[1::2][wanted]
    return ScorecardMatrix(
        scorecards=np.fromiter(cards, dtype=np.int64, count=n),
        applications=np.fromiter(applications, dtype=np.int64, count=n),
        raters=np.fromiter(raters, dtype=np.int64, count=n),
        codes=tuple(code for _pk, code in dimensions),
        values=values,
    )


def average_of_means(
    codes: Sequence[str], means: np.ndarray, counts: np.ndarray
) -> dict[str, float]:
    """Per code, the average of the per-application means that exist.

    `means` and `counts` are (applications, codes) as `per_application` gives
    them; an application with no score on a dimension does not count there.
    This is "the opening average" the radar charts draw.
    """
    scored = counts > 0
    totals = np.where(scored, means, 0.0).sum(axis=0)
    numbers = scored.sum(axis=0)
    return {
        code: total / number
        for code, total, number in zip(codes, totals.tolist(), numbers.tolist(), strict=True)
        if number
    }
