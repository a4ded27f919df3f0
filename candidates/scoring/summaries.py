"""Per-dimension summaries of one application's submitted scores (pure Python).

A debrief should discuss the dimensions where raters disagree: on a 1-5
scale, a spread of two points or more between raters (docs/scoring.md §2).
The shortlist says which dimensions lift a candidate most (`leading_dimensions`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean, pstdev

DISAGREEMENT_SPREAD = 2


@dataclass(frozen=True)
class DimensionSummary:
    code: str
    values: tuple[int, ...]  # submitted, non-null scores, one per rater
    not_assessed: int  # raters who answered "not assessed"

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return fmean(self.values) if self.values else None

    @property
    def spread(self) -> int | None:
        """Highest minus lowest score; None with fewer than two raters."""
        return max(self.values) - min(self.values) if self.n >= 2 else None

    @property
    def sd(self) -> float | None:
        return pstdev(self.values) if self.n >= 2 else None

    @property
    def raters_disagree(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD


def summarize(codes: list[str], scores: list[tuple[str, int | None]]) -> list[DimensionSummary]:
    """One summary per dimension code, in `codes` order.

    `scores` holds (dimension code, value or None) for every submitted score.
    """
    values: dict[str, list[int]] = {code: [] for code in codes}
    missing: dict[str, int] = dict.fromkeys(codes, 0)
    for code, value in scores:
        if code not in values:
            continue
        if value is None:
            missing[code] += 1
        else:
            values[code].append(value)
    return [DimensionSummary(code, tuple(values[code]), missing[code]) for code in codes]


def leading_dimensions(
    means: Mapping[str, float],
    average: Mapping[str, float],
    weights: Mapping[str, float],
    most: int = 2,
) -> list[tuple[str, float]]:
    """Why a candidate stands where they do: the dimensions lifting them most above the
    opening's average, as (code, points above the average), the biggest lift first.

    A dimension lifts the weighted score by its weight share times its distance
    above the average, so a heavy dimension a little above the average can
    outweigh a light one far above it. Dimensions at or below the average, or
    weighted 0, are left out; the list may be empty.
    """
    total = sum(weights.values())
    if total <= 0:
        return []
    lifts = sorted(
        (
            (-weights[code] / total * (mean - average[code]), position, code, mean - average[code])
            for position, (code, mean) in enumerate(means.items())
            if code in average and weights.get(code, 0) > 0 and mean > average[code]
        )
    )  # equal lifts keep the order of `means` (the rubric's)
    return [(code, above) for _lift, _position, code, above in lifts[:most]]
