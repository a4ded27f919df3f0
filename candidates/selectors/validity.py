"""The validity report's data: interview scores against post-hire performance.

For a rubric (every opening that uses it) or one opening. The predictor of a
candidate is their application's per-dimension means over submitted
scorecards, as the shortlist computes them, and the weighted score with the
rubric's weights and with equal weights; the outcome is the latest record that
measured it. The arithmetic is candidates.scoring.validity (docs/scoring.md §8).
A fixed number of queries: the openings and their versions, the dimensions,
the applications of candidates with a record, the records, and each opening's
scorecards unless cached.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from candidates.models import (
    OUTCOMES,
    Application,
    Candidate,
    Opening,
    PerformanceRecord,
    RankingVersion,
    changes_pending,
)
from candidates.scoring.agreement import one_way_icc_from_arrays
from candidates.scoring.matrix import ScorecardMatrix
from candidates.scoring.validity import (
    MIN_N,
    Correlation,
    Proposal,
    correlate,
    dimension_correlations,
    halo_pairs,
    propose_weights,
    range_corrected,
    raters_needed,
    spearman_brown,
    strength,
    weighted_scores,
)
from candidates.selectors.matrix import opening_matrix
from hiring import roles
from rubrics.models import Rubric

# Who enters post-hire records: HR, and hiring managers for their openings' candidates.
RECORDERS = (*roles.HR_ROLES, roles.MANAGER)

TARGETS = (0.7, 0.8)  # the reliabilities Spearman-Brown is asked about


@dataclass(frozen=True)
class DimensionValidity:
    code: str
    name: str
    correlation: Correlation
    points: float | None  # the proposal's points for it, if there is a proposal


@dataclass(frozen=True)
class HaloPair:
    first: str
    second: str
    r: float


@dataclass(frozen=True)
class Reliability:
    """One interviewer's reliability on the weighted score, and what more raters give."""

    single: float | None  # ICC(1,1) over the scorecards
    raters_now: float  # the typical number of scorecards per candidate
    with_raters_now: float | None
    needed: dict[float, int | None]  # target -> raters needed (None: no number reaches it)


@dataclass(frozen=True)
class ValidityReport:
    outcome: str
    n: int  # candidates with the outcome and an interview score
    records: int  # candidates with any performance record
    dimensions: list[DimensionValidity]
    weighted: Correlation
    equal_weights: Correlation
    corrected: float | None  # the weighted r corrected for range restriction (Thorndike II)
    spread_ratio: float | None  # SD of all scored applicants / SD of those with an outcome
    proposal: Proposal | None
    halo: list[HaloPair]
    reliability: Reliability
    scorecards: int

    @property
    def enough(self) -> bool:
        return self.n >= MIN_N


def validity_report(
    *, rubric, outcome: str = "overall", opening: Opening | None = None
) -> ValidityReport:
    """The report for `rubric` across its openings, or for one `opening` of it."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    dimensions = list(rubric.dimensions.all())
    codes = [d.code for d in dimensions]
    weights = np.array([float(d.weight) for d in dimensions])
    openings = [opening] if opening is not None else list(Opening.objects.filter(rubric=rubric))
    matrix = _combined(openings, dimensions)
    applications, records = _outcomes(openings, outcome)
    keys = [applications[candidate] for candidate in records]
    y = np.array([records[candidate] for candidate in records], dtype=float)
    scored = np.unique(matrix.applications)
    everyone = matrix.application_means(scored.tolist())
    means = _rows_of(scored, everyone, np.array(keys, dtype=int))
    correlations = [correlate(means[:, j], y) for j in range(len(codes))]
    proposal = propose_weights(correlations)
    weighted_here = weighted_scores(means, weights)
    weighted = correlate(weighted_here, y)
    spreads = _spreads(weighted_scores(everyone, weights), weighted_here, y)
    return ValidityReport(
        outcome=outcome,
        n=int(np.sum(~np.isnan(weighted_here) & ~np.isnan(y))),
        records=len(records),
        dimensions=[
            DimensionValidity(
                code=d.code,
                name=d.name,
                correlation=correlation,
                points=proposal.points[j] if proposal else None,
            )
            for j, (d, correlation) in enumerate(zip(dimensions, correlations, strict=True))
        ],
        weighted=weighted,
        equal_weights=correlate(weighted_scores(means, np.ones(len(codes))), y),
        corrected=(
            range_corrected(weighted.r, sd_applicants=spreads[0], sd_hired=spreads[1])
            if weighted.enough and spreads
            else None
        ),
        spread_ratio=spreads[0] / spreads[1] if spreads else None,
        proposal=proposal,
        halo=_halo(matrix, dimensions),
        reliability=_reliability(matrix, dict(zip(codes, weights.tolist(), strict=True))),
        scorecards=len(matrix.scorecards),
    )


def _combined(openings: list[Opening], dimensions: list) -> ScorecardMatrix:
    """Every opening's submitted scorecards in one matrix, each read from the cache
    under its opening's version when another page read it already."""
    # No version while this transaction has uncommitted changes: it reads its own data.
    pending = changes_pending()
    versions = {} if pending else RankingVersion.objects.per_opening([o.pk for o in openings])
    parts = [opening_matrix(o, dimensions, versions.get(o.pk)) for o in openings]
    codes = tuple(d.code for d in dimensions)
    if not parts:
        empty = np.empty(0, dtype=int)
        return ScorecardMatrix(empty, empty, empty, codes, np.empty((0, len(codes))))
    return ScorecardMatrix(
        scorecards=np.concatenate([p.scorecards for p in parts]),
        applications=np.concatenate([p.applications for p in parts]),
        raters=np.concatenate([p.raters for p in parts]),
        codes=codes,
        values=np.concatenate([p.values for p in parts]),
    )


def _rows_of(scored: np.ndarray, means: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """The rows of `means` (one per application in the sorted `scored`) for `keys`, NaN
    for an application without a submitted scorecard."""
    rows = np.full((len(keys), means.shape[1]), np.nan)
    at = np.searchsorted(scored, keys)
    found = at < len(scored)
    found[found] = scored[at[found]] == keys[found]
    rows[found] = means[at[found]]
    return rows


def _outcomes(openings: list[Opening], outcome: str) -> tuple[dict[int, int], dict[int, float]]:
    """Per candidate with a record of `outcome`: the application whose scores predict it
    (hired first, then the latest) and the latest measured value."""
    applications: dict[int, int] = {}
    rows = (
        Application.objects.filter(
            opening__in=openings, candidate__performance_records__isnull=False
        )
        .distinct()
        .values_list("candidate_id", "pk", "stage", "created_at")
    )
    best: dict[int, tuple] = {}
    for candidate, pk, stage, created in rows:
        rank = (stage == "hired", created, pk)
        if candidate not in best or rank > best[candidate]:
            best[candidate], applications[candidate] = rank, pk
    values: dict[int, float] = {}
    measured = (
        PerformanceRecord.objects.filter(
            candidate_id__in=list(applications), **{f"{outcome}__isnull": False}
        )
        .order_by("candidate_id", F("measured_on").desc(), "-pk")
        .values_list("candidate_id", outcome)
    )
    for candidate, value in measured:
        values.setdefault(candidate, float(value))
    return applications, values


def _spreads(everyone: np.ndarray, here: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    """SD of the weighted score over every scored applicant and over those with an
    outcome (Thorndike's Case II divides them). None when either cannot be had."""
    kept = here[~np.isnan(here) & ~np.isnan(y)]
    pool = everyone[~np.isnan(everyone)]
    if len(kept) < 2 or len(pool) < 2:
        return None
    sd_kept = float(np.std(kept, ddof=1))
    return (float(np.std(pool, ddof=1)), sd_kept) if sd_kept > 0 else None


def _halo(matrix: ScorecardMatrix, dimensions: list) -> list[HaloPair]:
    r, n = dimension_correlations(matrix.values)
    names = [d.name for d in dimensions]
    return [HaloPair(names[i], names[j], value) for i, j, value in halo_pairs(r, n)]


def _reliability(matrix: ScorecardMatrix, weights: dict[str, float]) -> Reliability:
    icc = one_way_icc_from_arrays(matrix.applications, matrix.totals(weights))
    single = icc.single if icc else None
    raters_now = icc.k if icc else 0.0
    usable = single is not None and single > 0
    return Reliability(
        single=single,
        raters_now=raters_now,
        with_raters_now=spearman_brown(single, raters_now) if usable and raters_now else None,
        needed={target: raters_needed(single, target) if usable else None for target in TARGETS},
    )


@dataclass(frozen=True)
class RubricRecords:
    rubric: object
    openings: int
    records: int  # candidates with a performance record on its openings


def rubrics_with_records() -> list[RubricRecords]:
    """Every rubric that has openings, with how many of their candidates have a record
    (one query)."""
    rubrics = Rubric.objects.annotate(
        opening_count=Count("openings", distinct=True),
        record_count=Count(
            "openings__applications__candidate",
            filter=Q(openings__applications__candidate__performance_records__isnull=False),
            distinct=True,
        ),
    ).filter(opening_count__gt=0)
    return [RubricRecords(r, r.opening_count, r.record_count) for r in rubrics]


def performance_records(candidate) -> list[PerformanceRecord]:
    """The candidate's records, latest first, with who entered and changed them."""
    return list(candidate.performance_records.select_related("entered_by", "changed_by"))


def reading(correlation: Correlation) -> str:
    """One plain sentence on what a correlation says, in the request's language."""
    if not correlation.enough:
        if correlation.n < MIN_N:
            return _("Not enough hires yet: %(n)d of the %(min)d needed.") % {
                "n": correlation.n,
                "min": MIN_N,
            }
        return _("Cannot be computed: every value is the same.")
    band = strength(correlation.r)
    if band == "negligible":
        return _("Next to no link with the outcome.")
    if not correlation.excludes_zero:
        return _("No clear link yet: the interval still includes zero.")
    words = {"small": _("small"), "moderate": _("moderate"), "large": _("large")}
    if correlation.r > 0:
        return _("Higher scores went with better results: a %(strength)s link.") % {
            "strength": words[band]
        }
    return _("Higher scores went with worse results: a %(strength)s link.") % {
        "strength": words[band]
    }


def candidate_problem(candidate: Candidate) -> str | None:
    """Why no record may be added for `candidate`, or None."""
    if candidate.anonymised_at is not None:
        return _("This candidate was anonymised; no new records can be added.")
    if not Application.objects.filter(candidate=candidate).exists():
        return _("This candidate is on no opening, so there are no interview scores to compare.")
    return None


def may_record_performance(user, candidate) -> bool:
    """Whether `user` may add or correct the candidate's records (the page is in scope)."""
    return roles.has_role(user, *RECORDERS) and candidate_problem(candidate) is None
