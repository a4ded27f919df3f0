"""Interviewer calibration over a rubric's submitted scorecards (the ORM side of calibration)."""

from candidates.scoring.calibration import Calibration, fit
from candidates.selectors.matrix import ScorecardMatrix, rubric_scope, scorecard_matrix


def calibration_of(matrix: ScorecardMatrix) -> Calibration:
    """Fit the additive model; a unit is one application on one dimension."""
    rows, columns, values = matrix.long()
    applications = matrix.applications[rows]
    units = applications * len(matrix.codes) + columns
    return fit(units, matrix.raters[rows], values, applications)


def rubric_calibration(rubric, dimensions) -> Calibration:
    """Every interviewer's leniency over all openings that use the rubric (one query)."""
    return calibration_of(scorecard_matrix(rubric_scope(rubric), dimensions))
