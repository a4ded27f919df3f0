"""The agreement report read straight from the score matrix gives the triples' figures."""

from types import SimpleNamespace

import numpy as np
import pytest

from candidates.scoring.agreement import complete_matrix, icc, krippendorff_alpha, one_way_icc
from candidates.scoring.matrix import ScorecardMatrix
from candidates.selectors.agreement import agreement_of

DIMENSIONS = [
    SimpleNamespace(code="drive", name="Drive"),
    SimpleNamespace(code="craft", name="Craft"),
]


def panel(*, twice: bool) -> ScorecardMatrix:
    """8 candidates x interviewers 1-3, whole-point scores, one "not assessed" cell.

    With `twice`, interviewer 1 also scores candidate 100 a second time (a
    second round): no longer a crossed design.
    """
    rng = np.random.default_rng(5)
    rows = [(application, rater) for application in range(100, 108) for rater in (1, 2, 3)]
    if twice:
        rows.append((100, 1))
    ability = rng.normal(3, 0.8, size=108)
    values = np.array([ability[a] + rng.normal(0, 0.5, size=2) for a, _r in rows]).round()
    values[4, 1] = np.nan
    return ScorecardMatrix(
        scorecards=np.arange(500, 500 + len(rows)),
        applications=np.array([a for a, _r in rows]),
        raters=np.array([r for _a, r in rows]),
        codes=("drive", "craft"),
        values=values,
    )


def reference_line(matrix: ScorecardMatrix, j: int) -> dict:
    """Alpha, ICC and one-way ICC of one dimension through the (unit, rater, value) triples."""
    keep = ~np.isnan(matrix.values[:, j])
    units, cards = matrix.applications[keep].tolist(), matrix.scorecards[keep].tolist()
    people, values = matrix.raters[keep].tolist(), matrix.values[keep, j].tolist()
    by_card = list(zip(units, cards, values, strict=True))
    try:
        cells = complete_matrix(list(zip(units, people, values, strict=True)))
    except ValueError:
        cells = None
    groups = {}
    for unit, value in zip(units, values, strict=True):
        groups.setdefault(unit, []).append(value)
    return {
        "interval": krippendorff_alpha(by_card, metric="interval").alpha,
        "ordinal": krippendorff_alpha(by_card, metric="ordinal").alpha,
        "crossed": icc(cells).forms if cells else None,
        "one_way": None if cells else one_way_icc(list(groups.values())).single,
    }


@pytest.mark.parametrize("twice", [False, True], ids=["crossed", "interviewer-met-twice"])
def test_each_dimension_line_equals_the_triples_figures(twice: bool) -> None:
    matrix = panel(twice=twice)

    report = agreement_of(matrix, DIMENSIONS, {"drive": 1.0, "craft": 1.0})

    for j, line in enumerate(report.dimensions):
        expected = reference_line(matrix, j)
        assert line.interval == pytest.approx(expected["interval"], abs=1e-12)
        assert line.ordinal == pytest.approx(expected["ordinal"], abs=1e-12)
        if expected["crossed"] is None:
            assert line.crossed is None
            assert line.one_way.single == pytest.approx(expected["one_way"], abs=1e-12)
        else:
            assert line.crossed.forms == pytest.approx(expected["crossed"], abs=1e-12)
            assert line.one_way is None
    assert (report.scorecards, report.applications) == (len(matrix.scorecards), 8)
