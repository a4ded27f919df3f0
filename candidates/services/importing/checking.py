"""Checking every row before anything is written; every problem is named by its line."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from candidates.models import InterviewStatus, Recommendation, validate_plain_email
from candidates.services.importing.existing import Existing
from candidates.services.importing.rows import (
    COLUMNS,
    MAX_LENGTHS,
    REQUIRED_COLUMNS,
    WHOLE_NUMBER,
    Row,
    RowError,
    ScorecardKey,
    format_lines,
    recommendation_value,
    row_error,
    score_value,
)
from candidates.services.scorecards import (
    NO_EVIDENCE,
    ScorecardEntry,
    ScoreEntry,
    submission_problems,
)
from hiring.wording import join_list
from rubrics.models import Dimension, Rubric


def validate(
    rows: list[Row], existing: Existing
) -> tuple[dict[ScorecardKey, list[Row]], list[RowError]]:
    """The rows grouped by scorecard (in file order), and every problem found."""
    errors: list[RowError] = []
    groups: dict[ScorecardKey, list[Row]] = {}
    repeats = _Repeats()
    for row in rows:
        errors += _check_values(row)
        if row.opening:
            rubric = existing.rubric_for(row.opening)
            errors += repeats.check_rubric_exists(row, rubric)
            if rubric is not None:
                errors += _check_against_rubric(row, rubric, existing.dimensions[rubric.pk])
        if row.has_scorecard_key:
            groups.setdefault(row.scorecard_key, []).append(row)
            errors += repeats.check(row)
    errors += _check_ambiguous_people(groups, existing)
    errors += _check_plan_rounds(groups, existing)
    errors += _check_existing_scorecards(groups, existing)
    errors += _check_cancelled_interviews(groups, existing)
    errors += _check_anonymised_candidates(groups, existing)
    if not errors:
        errors += _check_submission(groups, existing)
    return groups, sorted(errors, key=lambda error: error.line)


def _check_values(row: Row) -> list[RowError]:
    """Problems visible in the row alone: NULs, blanks, lengths, e-mail, score, recommendation."""
    errors = []
    for column in COLUMNS:
        # PostgreSQL cannot store NUL in text; usually a sign of a binary or UTF-16 file.
        if "\x00" in getattr(row, column):
            message = _("line %(line)s: %(column)s contains a NUL character")
            errors.append(row_error(row.line, message, column=column))
    for column in REQUIRED_COLUMNS:
        if column != "score" and not getattr(row, column):
            errors.append(
                row_error(row.line, _("line %(line)s: %(column)s is empty"), column=column)
            )
    for column, limit in MAX_LENGTHS.items():
        if len(getattr(row, column)) > limit:
            message = _("line %(line)s: %(column)s is longer than %(limit)s characters")
            errors.append(row_error(row.line, message, column=column, limit=limit))
    if row.email and not is_email(row.email):
        message = _("line %(line)s: “%(email)s” is not a valid e-mail address")
        errors.append(row_error(row.line, message, email=row.email))
    if row.score and not WHOLE_NUMBER.fullmatch(row.score):
        message = _("line %(line)s: score “%(score)s” is not a whole number")
        errors.append(row_error(row.line, message, score=row.score))
    if recommendation_value(row.recommendation) is None:
        message = _("line %(line)s: unknown recommendation “%(value)s”; use one of %(choices)s")
        choices = ", ".join(Recommendation.values)
        errors.append(row_error(row.line, message, value=row.recommendation, choices=choices))
    return errors


def is_email(value: str) -> bool:
    try:
        validate_email(value)
        validate_plain_email(value)
    except ValidationError:
        return False
    return True


def _check_against_rubric(
    row: Row, rubric: Rubric, dimensions: dict[str, Dimension]
) -> list[RowError]:
    errors = []
    if row.dimension and row.dimension.lower() not in dimensions:
        message = _("line %(line)s: unknown dimension code “%(code)s” in rubric “%(rubric)s”")
        errors.append(row_error(row.line, message, code=row.dimension, rubric=rubric))
    if row.score and WHOLE_NUMBER.fullmatch(row.score):
        score = score_value(row.score)
        if not rubric.scale_min <= score <= rubric.scale_max:
            message = _(
                "line %(line)s: score %(score)s is outside the scale %(low)s–%(high)s "
                "of rubric “%(rubric)s”"
            )
            errors.append(
                row_error(
                    row.line,
                    message,
                    score=row.score,
                    low=rubric.scale_min,
                    high=rubric.scale_max,
                    rubric=rubric,
                )
            )
    return errors


@dataclass
class _Repeats:
    """Checks that compare a row with the rows before it."""

    dimension_lines: dict[tuple[ScorecardKey, str], int] = field(default_factory=dict)
    recommendations: dict[ScorecardKey, tuple[str, int]] = field(default_factory=dict)
    email_names: dict[str, tuple[str, int]] = field(default_factory=dict)
    titles_without_rubric: set[str] = field(default_factory=set)

    def check(self, row: Row) -> list[RowError]:
        return [
            error
            for error in (self._dimension(row), self._recommendation(row), self._email(row))
            if error
        ]

    def check_rubric_exists(self, row: Row, rubric: Rubric | None) -> list[RowError]:
        if rubric is not None or row.opening in self.titles_without_rubric:
            return []
        self.titles_without_rubric.add(row.opening)
        message = _(
            "line %(line)s: opening “%(opening)s” does not exist and there is no default "
            "rubric to create it with"
        )
        return [row_error(row.line, message, opening=row.opening)]

    def _dimension(self, row: Row) -> RowError | None:
        if not row.dimension:
            return None
        key = (row.scorecard_key, row.dimension.lower())
        first = self.dimension_lines.setdefault(key, row.line)
        if first == row.line:
            return None
        message = _(
            "line %(line)s: dimension “%(code)s” is scored twice on the same scorecard "
            "(first on line %(first)s)"
        )
        return row_error(row.line, message, code=row.dimension, first=first)

    def _recommendation(self, row: Row) -> RowError | None:
        value = recommendation_value(row.recommendation)
        if not row.recommendation or value is None:
            return None
        first_value, first = self.recommendations.setdefault(row.scorecard_key, (value, row.line))
        if first_value == value:
            return None
        message = _(
            "line %(line)s: recommendation “%(value)s” contradicts “%(first_value)s” "
            "on line %(first)s of the same scorecard"
        )
        return row_error(row.line, message, value=value, first_value=first_value, first=first)

    def _email(self, row: Row) -> RowError | None:
        if not row.email:
            return None
        first_name, first = self.email_names.setdefault(
            row.email.lower(), (row.candidate, row.line)
        )
        if first_name == row.candidate:
            return None
        message = _(
            "line %(line)s: e-mail %(email)s is given for “%(name)s” here but for "
            "“%(first_name)s” on line %(first)s"
        )
        return row_error(
            row.line,
            message,
            email=row.email,
            name=row.candidate,
            first_name=first_name,
            first=first,
        )


def _check_ambiguous_people(
    groups: dict[ScorecardKey, list[Row]], existing: Existing
) -> list[RowError]:
    """Names that match several existing candidates or interviewers, once per name."""
    candidate_lines: dict[str, list[int]] = defaultdict(list)
    interviewer_lines: dict[str, list[int]] = defaultdict(list)
    for rows in groups.values():
        for row in rows:
            if not row.email:
                candidate_lines[row.candidate].append(row.line)
            interviewer_lines[row.interviewer].append(row.line)
    errors = []
    for name, lines in candidate_lines.items():
        count = len(existing.candidates.get(("name", name), []))
        if count > 1:
            message = _(
                "line %(line)s: %(count)s candidates are named “%(name)s”; give the e-mail "
                "to say which (lines %(lines)s)"
            )
            errors.append(
                row_error(lines[0], message, count=count, name=name, lines=format_lines(lines))
            )
    for name, lines in interviewer_lines.items():
        count = len(existing.interviewers.get(name, []))
        if count > 1:
            message = _(
                "line %(line)s: %(count)s interviewers are named “%(name)s”; rename one "
                "before importing (lines %(lines)s)"
            )
            errors.append(
                row_error(lines[0], message, count=count, name=name, lines=format_lines(lines))
            )
    return errors


def _check_plan_rounds(groups: dict[ScorecardKey, list[Row]], existing: Existing) -> list[RowError]:
    """On an opening with an interview plan, the round must be one of the plan's rounds."""
    errors = []
    for key, rows in groups.items():
        plan = existing.plan_of(key.opening)
        if plan and existing.round_for(key.opening, key.round) is None:
            message = _(
                "line %(line)s: “%(round)s” is not a round of the interview plan of "
                "“%(opening)s”; its rounds are: %(rounds)s"
            )
            errors.append(
                row_error(
                    rows[0].line,
                    message,
                    round=key.round,
                    opening=key.opening,
                    rounds=join_list(r.name for r in plan),
                )
            )
    return errors


def _check_existing_scorecards(
    groups: dict[ScorecardKey, list[Row]], existing: Existing
) -> list[RowError]:
    """Interviews that already have a scorecard: never overwritten, submitted or draft."""
    errors = []
    for key, rows in groups.items():
        interview = existing.interview(key)
        scorecard = getattr(interview, "scorecard", None) if interview else None
        if scorecard is None:
            continue
        if scorecard.is_submitted:
            message = _(
                "line %(line)s: the “%(round)s” interview of %(candidate)s with "
                "%(interviewer)s already has a submitted scorecard (lines %(lines)s)"
            )
        else:
            message = _(
                "line %(line)s: the “%(round)s” interview of %(candidate)s with "
                "%(interviewer)s already has a draft scorecard, which an import does not "
                "overwrite (lines %(lines)s)"
            )
        errors.append(_scorecard_error(rows, message))
    return errors


def _check_cancelled_interviews(
    groups: dict[ScorecardKey, list[Row]], existing: Existing
) -> list[RowError]:
    """A cancelled interview takes no scorecard, from the page or from a file."""
    message = _(
        "line %(line)s: the “%(round)s” interview of %(candidate)s with %(interviewer)s "
        "was cancelled and takes no scorecard (lines %(lines)s)"
    )
    return [
        _scorecard_error(rows, message)
        for key, rows in groups.items()
        if (interview := existing.interview(key)) and interview.status == InterviewStatus.CANCELLED
    ]


def _check_anonymised_candidates(
    groups: dict[ScorecardKey, list[Row]], existing: Existing
) -> list[RowError]:
    """An anonymised candidate (matched by the code that is now their name) takes no scorecard.

    Its evidence is the free text anonymising removed, and paper scorecards
    brought in later were mostly written before the erasure request.
    """
    lines: dict[str, list[int]] = defaultdict(list)
    for key, rows in groups.items():
        candidate = existing.candidate(key.candidate)
        if candidate is not None and candidate.anonymised_at is not None:
            lines[candidate.name] += [row.line for row in rows]
    message = _(
        "line %(line)s: candidate “%(name)s” was anonymised; scorecards cannot be "
        "imported for them (lines %(lines)s)"
    )
    return [
        row_error(min(found), message, name=name, lines=format_lines(found))
        for name, found in lines.items()
    ]


def _check_submission(groups: dict[ScorecardKey, list[Row]], existing: Existing) -> list[RowError]:
    """Each scorecard against the submission rules the entry form applies.

    Run once every row is known to be good. A dimension of the rubric that the
    file leaves out is "not assessed", as a blank score is.
    """
    errors = []
    for key, rows in groups.items():
        rubric = existing.rubric_for(key.opening)
        dimensions = existing.dimensions[rubric.pk]
        typed = {row.dimension.lower(): row for row in rows}
        entry = ScorecardEntry(
            scores={
                code: ScoreEntry(
                    value=score_value(typed[code].score) if code in typed else None,
                    evidence=typed[code].evidence if code in typed else "",
                )
                for code in dimensions
            },
            recommendation=Recommendation.NO_DECISION,
        )
        for problem in submission_problems(
            entry=entry,
            codes=list(dimensions),
            scale_min=rubric.scale_min,
            scale_max=rubric.scale_max,
        ):
            if problem.kind == NO_EVIDENCE:
                line = typed[problem.code].line
                message = _("line %(line)s: a score of %(score)s needs a line of evidence")
                errors.append(row_error(line, message, score=problem.level))
            else:
                message = _(
                    "line %(line)s: the “%(round)s” interview of %(candidate)s with "
                    "%(interviewer)s scores no dimension; a submitted scorecard needs at "
                    "least one score (lines %(lines)s)"
                )
                errors.append(_scorecard_error(rows, message))
    return errors


def _scorecard_error(rows: list[Row], message: str) -> RowError:
    """A problem of a whole scorecard, named at its first line, listing all its lines."""
    first = rows[0]
    return row_error(
        first.line,
        message,
        round=first.round,
        candidate=first.candidate,
        interviewer=first.interviewer,
        lines=format_lines([row.line for row in rows]),
    )
