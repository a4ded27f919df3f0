"""Per-dimension summaries of one application's submitted scores (pure Python).

A debrief should discuss the dimensions where raters disagree: on a 1-5
scale, a spread of two points or more between raters (docs/scoring.md §2).
"""

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
