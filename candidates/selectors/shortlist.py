"""Gather an opening's scores in a fixed number of queries and rank them.

The database pivots the submitted scorecards to one row each (a column per
dimension); numpy groups them per application (mean, count, spread of the
non-null scores) and `candidates.scoring.ranking` does the arithmetic. Passing
`weights` ranks with unsaved weights (what-if).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db import connection
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from candidates.models import Application, InterviewRound, Opening, Stage
from candidates.scoring.calibration import Calibration
from candidates.scoring.matrix import ScorecardMatrix
from candidates.scoring.ranking import (
    RankedApplication,
    Ranking,
    Rows,
    RubricRules,
    ScoreTable,
    rank_table,
    with_missing_rounds,
)
from candidates.scoring.summaries import leading_dimensions
from candidates.selectors.caching import Version, cached, opening_version, rubric_version
from candidates.selectors.calibration import rubric_leniency
from candidates.selectors.matrix import fetch_rows, opening_matrix


class CandidateInfo(NamedTuple):
    name: str
    email: str


class Entry(NamedTuple):
    """What the shortlist shows of an application, read as plain values (no model).

    Named tuples: a large opening builds ten thousand of these per view.
    """

    pk: int
    candidate_id: int
    candidate: CandidateInfo
    stage: str

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


class Entries(Mapping):
    """The opening's applications as plain columns, by application id; an Entry is built
    when one is read (a large opening has ten thousand, the page shows 25)."""

    def __init__(self, pks: list[int], candidate_ids: list, names: list, emails: list, stages):
        self.pks, self.candidate_ids, self.names = pks, candidate_ids, names
        self.emails, self.stages = emails, stages
        self.at = {pk: i for i, pk in enumerate(pks)}

    def __getitem__(self, pk: int) -> Entry:
        i = self.at[pk]
        candidate = CandidateInfo(self.names[i], self.emails[i])
        return Entry(pk, self.candidate_ids[i], candidate, self.stages[i])

    def __iter__(self):
        return iter(self.pks)

    def __len__(self) -> int:
        return len(self.pks)

    def __contains__(self, pk) -> bool:
        return pk in self.at

    def stage(self, pk: int) -> str:
        return self.stages[self.at[pk]]

    def without_emails(self) -> "Entries":
        """The same applications with every e-mail blank (for readers who may not see them)."""
        blank = [""] * len(self.pks)
        return Entries(self.pks, self.candidate_ids, self.names, blank, self.stages)


class Pairs(Sequence):
    """(row, entry) pairs of some rows of a ranking, built as they are read; `positions`
    picks rows by position (a filter), in their order."""

    def __init__(self, rows: Rows, entries: Entries, positions: list[int] | None = None):
        self.rows, self.entries, self.positions = rows, entries, positions

    def __len__(self) -> int:
        return len(self.rows if self.positions is None else self.positions)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self.rows[index if self.positions is None else self.positions[index]]
        return row, self.entries[row.key]


class RowsByKey(Mapping):
    """Every row of a ranking (ranked, then needing evidence) by application id, built on
    reading: the calibrated page looks up the raw result of its 25 rows."""

    def __init__(self, ranking: Ranking) -> None:
        self.parts = (ranking.ranked, ranking.needs_more_evidence)

    def __getitem__(self, key):
        for rows in self.parts:
            if key in rows.positions:
                return rows[rows.positions[key]]
        raise KeyError(key)

    def __iter__(self):
        return (key for rows in self.parts for key in rows.keys)

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.parts)


@dataclass(frozen=True)
class Shortlist:
    opening: Opening
    dimensions: list  # the rubric's Dimension objects, in order
    weights: dict[str, float]  # the weights used, by code
    ranking: Ranking
    applications: Entries  # by application id
    table: ScoreTable
    matrix: ScorecardMatrix  # the opening's scorecards, corrected when calibrated
    version: Version  # the ranking version it was computed at (selectors/caching.py)
    calibration: Calibration | None = None  # set when the ranking is calibrated
    raw: Ranking | None = None  # the uncorrected ranking beside a calibrated one

    @property
    def calibrated(self) -> bool:
        return self.calibration is not None

    @property
    def average(self) -> dict[str, float]:
        """Per code, the average of the applications' means: the opening's average."""
        return self.table.average

    def ahead_on(self, row: RankedApplication) -> list[tuple[str, float]]:
        """The dimensions lifting `row` most above the opening's average (leading_dimensions)."""
        means = {code: stat.mean for code, stat in row.dimensions.items()}
        return leading_dimensions(means, self.average, self.weights)

    def raw_rows(self) -> Mapping[int, RankedApplication]:
        """The uncorrected result of every application, by id (calibrated shortlists only)."""
        return {} if self.raw is None else RowsByKey(self.raw)

    def row_of(self, key: int) -> RankedApplication | None:
        """One application's result, ranked or not."""
        return RowsByKey(self.ranking).get(key)

    def rows(self) -> Pairs:
        return Pairs(self.ranking.ranked, self.applications)

    def pending(self) -> Pairs:
        return Pairs(self.ranking.needs_more_evidence, self.applications)


def rubric_rules(rubric, dimensions) -> RubricRules:
    return RubricRules(
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        min_coverage=float(rubric.min_coverage),
        min_scorecards=rubric.min_scorecards,
        gates={d.code: float(d.gate) for d in dimensions if d.gate is not None},
    )


def opening_entries(opening: Opening) -> Entries:
    rows = fetch_rows(
        Application.objects.filter(opening=opening)
        .values_list("pk", "candidate_id", "candidate__name", "candidate__email", "stage")
        .order_by()  # the ranking orders them; the model's ordering would join openings
    )
    columns = [list(column) for column in zip(*rows, strict=True)] or [[], [], [], [], []]
    return Entries(*columns)


def score_table(matrix: ScorecardMatrix, entries: Entries) -> ScoreTable:
    """Every application of the opening as a row, scored or not, from its scorecards."""
    stats = matrix.per_application(entries.pks)
    return ScoreTable(
        keys=entries.pks,
        labels=entries.names,
        scorecards=stats.scorecards,
        codes=matrix.codes,
        means=stats.means,
        counts=stats.counts,
        spreads=stats.spreads,
    )


class PlanProgress(NamedTuple):
    """The opening's plan rounds in order, and the rounds each application was scored in."""

    rounds: list[tuple[int, str]]  # (round id, name in the active language); empty: no plan
    scored: dict[int, set[int]]  # application id -> ids of rounds with a submitted scorecard


def round_name_columns() -> list[str]:
    """The round name's columns, the active language's first, then its fallbacks."""
    return [build_localized_fieldname("name", lang) for lang in resolution_order(get_language())]


def plan_progress(opening: Opening) -> PlanProgress:
    """One query: a row per interview in a round of the plan, with its scorecard's submission.

    Rounds nobody was interviewed in still come back (outer join), so a
    round with no scorecard at all is known. Read from the cursor, as the
    rows grow with the interviews, with the name in the active language and
    modeltranslation's fallbacks, as the ORM would give it.
    """
    columns = round_name_columns()
    query = (
        InterviewRound.objects.filter(opening=opening)
        .values_list(
            "pk", "interviews__application_id", "interviews__scorecard__submitted_at", *columns
        )
        .order_by("order", "pk")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # modeltranslation may reorder the selected columns: find them by alias.
        at = {column[0]: i for i, column in enumerate(cursor.description)}
        rows = cursor.fetchall()
    names = [at[column] for column in columns]
    round_at, application_at, submitted_at = (
        at["pk"],
        at["interviews__application_id"],
        at["interviews__scorecard__submitted_at"],
    )
    rounds: dict[int, str] = {}
    scored: dict[int, set[int]] = {}
    for row in rows:
        round_id = row[round_at]
        if round_id not in rounds:
            rounds[round_id] = next((row[i] for i in names if row[i]), "")
        if row[submitted_at]:
            scored.setdefault(row[application_at], set()).add(round_id)
    return PlanProgress(list(rounds.items()), scored)


def explain_missing_rounds(ranking: Ranking, progress: PlanProgress) -> Ranking:
    return with_missing_rounds(ranking, plan=progress.rounds, scored=progress.scored)


class Inputs(NamedTuple):
    """What an opening's rankings are computed from, read in three queries."""

    entries: Entries
    matrix: ScorecardMatrix
    table: ScoreTable
    progress: PlanProgress


def shortlist_inputs(opening: Opening, dimensions: list, version: Version) -> Inputs:
    """The opening's applications, scorecards and plan progress, cached under `version`
    (round names are in the active language, so the language is part of the key)."""

    def read() -> Inputs:
        entries = opening_entries(opening)
        matrix = opening_matrix(opening, dimensions, version)
        return Inputs(entries, matrix, score_table(matrix, entries), plan_progress(opening))

    return cached(version, ("inputs", opening.pk, get_language()), read)


def build_shortlist(
    opening: Opening, *, weights: Mapping[str, float] | None = None, calibrated: bool = False
) -> Shortlist:
    """Rank the opening's applications with the saved weights, or with `weights`.

    Two queries when the result is cached under the opening's version (the
    dimensions, the version), whatever the number of applications. Otherwise
    three more: applications, the submitted scorecards pivoted to one row each
    (from which numpy takes the means, counts, spreads and the confidence
    figures) and the plan's rounds with who was scored in each (so that
    "needs more evidence" says which rounds are still missing). `calibrated`
    ranks on scores with each safely correctable interviewer's leniency
    removed and keeps the raw ranking beside it: one more query (the rubric's
    versions), and for a leniency model not cached the rubric's openings,
    their versions and the scorecards of each opening whose sums are not
    cached (selectors/calibration.py). The saved weights' shortlist is cached
    whole; a what-if reads the cached inputs and ranks them with its own weights.
    """
    dimensions = list(opening.rubric.dimensions.all())
    own = opening_version(opening.pk)
    # A calibrated shortlist reads the whole rubric's scorecards: any of its openings counts.
    version = rubric_version(opening.rubric_id) if calibrated else own
    if weights is not None:
        return _ranked(opening, dimensions, weights, calibrated, (version, own))
    key = ("shortlist", opening.pk, get_language(), calibrated)
    shortlist = cached(
        version, key, lambda: _ranked(opening, dimensions, None, calibrated, (version, own))
    )
    return replace(shortlist, opening=opening, dimensions=dimensions)


def _ranked(
    opening: Opening,
    dimensions: list,
    weights: Mapping[str, float] | None,
    calibrated: bool,
    versions: tuple[Version, Version],
) -> Shortlist:
    """The shortlist computed under `versions`: the result's own, and the opening's,
    which its inputs are read under."""
    version, own = versions
    rubric = opening.rubric
    used = (
        {d.code: float(d.weight) for d in dimensions}
        if weights is None
        else {d.code: float(weights.get(d.code, 0)) for d in dimensions}
    )
    entries, matrix, table, progress = shortlist_inputs(opening, dimensions, own)
    rules = rubric_rules(rubric, dimensions)
    ranking = explain_missing_rounds(rank_table(table, weights=used, rules=rules), progress)
    if not calibrated:
        return Shortlist(opening, dimensions, used, ranking, entries, table, matrix, version)
    known = (opening.pk, own, matrix)
    calibration = cached(
        version,
        ("leniency", rubric.pk),
        lambda: rubric_leniency(rubric, dimensions, known=known),
    )
    matrix = matrix.corrected(calibration.corrections())
    corrected = replace(table, means=matrix.application_means(table.keys))
    return Shortlist(
        opening,
        dimensions,
        used,
        explain_missing_rounds(rank_table(corrected, weights=used, rules=rules), progress),
        entries,
        corrected,
        matrix,
        version,
        calibration,
        raw=ranking,
    )
