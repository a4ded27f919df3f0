"""How well an opening's interviewers agree: alpha and ICC per dimension and overall.

A unit is one application; each submitted scorecard is one rating of it.
"Overall" is the scorecard's weighted score (the number the ranking uses),
so it answers "do interviewers agree on the candidate as a whole".
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from candidates.scoring.agreement import (
    IccResult,
    OneWayIcc,
    complete_matrix,
    icc,
    interpret_alpha,
    krippendorff_alpha,
    one_way_icc,
)
from candidates.scoring.matrix import ScorecardMatrix
from candidates.selectors.matrix import opening_scope, scorecard_matrix
from hiring.wording import join_list

OVERALL = ""


@dataclass(frozen=True)
class AgreementLine:
    """Agreement on one dimension (code) or on the weighted score (code OVERALL)."""

    code: str
    name: str
    interval: float | None  # Krippendorff's alpha; None = not estimable
    ordinal: float | None
    pairable_values: int  # values in units (applications) with two or more of them
    units: int
    crossed: IccResult | None  # the six forms, when the same interviewers rated every candidate
    one_way: OneWayIcc | None  # otherwise, the forms the design allows

    @property
    def band(self) -> str:
        return interpret_alpha(self.interval)


@dataclass(frozen=True)
class AgreementReport:
    overall: AgreementLine
    dimensions: list[AgreementLine]
    scorecards: int
    applications: int  # applications with two or more scorecards

    def reading(self) -> list[str]:
        """Plain sentences a manager can act on, from the interval alphas' bands."""
        names = defaultdict(list)
        for line in self.dimensions:
            names[line.band].append(line.name)
        return [
            sentence % {"dimensions": join_list(names[band])}
            for band, sentence in reading_sentences().items()
            if names[band]
        ]


def reading_sentences() -> dict[str, str]:
    """One sentence per agreement band, in the language of the request."""
    return {
        "acceptable": _("Interviewers agree well on %(dimensions)s."),
        "tentative": _(
            "Agreement is only tentative on %(dimensions)s: "
            "read the evidence, not just the numbers."
        ),
        "unacceptable": _(
            "Interviewers agree poorly on %(dimensions)s: "
            "discuss the anchors before the next interviews."
        ),
        "not_estimable": _(
            "Not estimable for %(dimensions)s: fewer than two candidates have two "
            "scores there, or every score is the same."
        ),
    }


def _line(code: str, name: str, ratings: list[tuple[int, int, float]], raters) -> AgreementLine:
    """`ratings` are (application, scorecard, value); `raters` maps scorecard to interviewer."""
    by_interviewer = [(unit, raters[card], value) for unit, card, value in ratings]
    try:
        matrix = complete_matrix(by_interviewer)
    except ValueError:  # an interviewer rated one candidate twice: not a crossed design
        matrix = None
    crossed = icc(matrix) if matrix and len(matrix) >= 2 and len(matrix[0]) >= 2 else None
    by_unit = defaultdict(list)
    for unit, _card, value in ratings:
        by_unit[unit].append(value)
    interval = krippendorff_alpha(ratings, metric="interval")
    return AgreementLine(
        code=code,
        name=name,
        interval=interval.alpha,
        ordinal=krippendorff_alpha(ratings, metric="ordinal").alpha,
        pairable_values=interval.pairable_values,
        units=interval.units,
        crossed=crossed,
        one_way=None if crossed else one_way_icc(list(by_unit.values())),
    )


def agreement_of(matrix: ScorecardMatrix, dimensions, weights: dict[str, float]) -> AgreementReport:
    raters = dict(zip(matrix.scorecards.tolist(), matrix.raters.tolist(), strict=True))
    totals = matrix.totals(weights)
    scored = ~np.isnan(totals)
    overall = list(
        zip(
            matrix.applications[scored].tolist(),
            matrix.scorecards[scored].tolist(),
            totals[scored].tolist(),
            strict=True,
        )
    )
    counts = np.unique(matrix.applications[scored], return_counts=True)[1]
    return AgreementReport(
        overall=_line(OVERALL, _("Weighted score"), overall, raters),
        dimensions=[_line(d.code, d.name, matrix.column(d.code), raters) for d in dimensions],
        scorecards=int(scored.sum()),
        applications=int((counts >= 2).sum()),
    )


def opening_agreement(opening) -> AgreementReport:
    """The agreement report of one opening (two queries: dimensions, scorecards)."""
    dimensions = list(opening.rubric.dimensions.all())
    matrix = scorecard_matrix(opening_scope(opening), dimensions)
    return agreement_of(matrix, dimensions, {d.code: float(d.weight) for d in dimensions})
