"""How well an opening's interviewers agree: alpha and ICC per dimension and overall.

A unit is one application; each submitted scorecard is one rating of it.
"Overall" is the scorecard's weighted score (the number the ranking uses),
so it answers "do interviewers agree on the candidate as a whole".
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from candidates.scoring.agreement import (
    IccResult,
    OneWayIcc,
    alpha_from_arrays,
    crossed_matrix,
    icc_from_array,
    interpret_alpha,
    one_way_icc_from_arrays,
)
from candidates.scoring.matrix import ScorecardMatrix
from candidates.selectors.caching import cached, opening_version
from candidates.selectors.matrix import opening_matrix
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


def _line(code: str, name: str, matrix: ScorecardMatrix, values: np.ndarray) -> AgreementLine:
    """Agreement on `values`, one per scorecard of `matrix` (NaN where it has none).

    Alpha takes each scorecard as a rater, since an interviewer who met a
    candidate twice gave two ratings; the crossed ICC takes the interviewers.
    """
    applications = matrix.applications
    cells = crossed_matrix(applications, matrix.raters, values)
    crossed = icc_from_array(cells) if cells is not None and min(cells.shape) >= 2 else None
    interval = alpha_from_arrays(applications, matrix.scorecards, values, metric="interval")
    return AgreementLine(
        code=code,
        name=name,
        interval=interval.alpha,
        ordinal=alpha_from_arrays(applications, matrix.scorecards, values, metric="ordinal").alpha,
        pairable_values=interval.pairable_values,
        units=interval.units,
        crossed=crossed,
        one_way=None if crossed else one_way_icc_from_arrays(applications, values),
    )


def agreement_of(matrix: ScorecardMatrix, dimensions, weights: dict[str, float]) -> AgreementReport:
    totals = matrix.totals(weights)
    scored = ~np.isnan(totals)
    counts = np.unique(matrix.applications[scored], return_counts=True)[1]
    return AgreementReport(
        overall=_line(OVERALL, _("Weighted score"), matrix, totals),
        dimensions=[
            _line(d.code, d.name, matrix, matrix.values[:, matrix.codes.index(d.code)])
            for d in dimensions
        ],
        scorecards=int(scored.sum()),
        applications=int((counts >= 2).sum()),
    )


def opening_agreement(opening) -> AgreementReport:
    """The agreement report of one opening (three queries: dimensions, the ranking
    version, scorecards; the last not when cached)."""
    dimensions = list(opening.rubric.dimensions.all())

    version = opening_version(opening.pk)

    def compute() -> AgreementReport:
        matrix = opening_matrix(opening, dimensions, version)
        return agreement_of(matrix, dimensions, {d.code: float(d.weight) for d in dimensions})

    return cached(version, ("agreement", opening.pk, get_language()), compute)
