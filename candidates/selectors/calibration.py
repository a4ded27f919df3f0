"""Interviewer calibration over a rubric's submitted scorecards (the ORM side of calibration)."""

from candidates.scoring.calibration import Calibration, calibration_of
from candidates.selectors.matrix import rubric_scope, scorecard_matrix


def rubric_calibration(rubric, dimensions) -> Calibration:
    """Every interviewer's leniency over all openings that use the rubric (one query)."""
    return calibration_of(scorecard_matrix(rubric_scope(rubric), dimensions))
