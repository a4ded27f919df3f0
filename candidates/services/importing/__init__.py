"""Importing paper scorecards from a CSV file, one row per score.

Columns (header on line 1, in any order): opening, candidate, email,
interviewer, round, dimension, score, evidence, recommendation. `email`,
`evidence` and `recommendation` may be left out of the header. `dimension` is
the dimension code; a blank score means "not assessed" (stored as NULL); a
blank recommendation means "no decision". The file is UTF-8, with or without
a byte-order mark.

The whole file is checked before anything is written. A file with any bad row
raises ImportRejected listing every problem with its line in the file (the
header is line 1; a quoted value spanning lines is named by its first line)
and nothing is saved. A good file is written in one transaction: missing
openings (with the default rubric), candidates, applications, interviewers
and interviews are created, and each scorecard is saved as submitted.

Matching: an opening by exact title (if several share it, the open one
created last), a candidate by e-mail (ignoring case) or, when the e-mail is
blank, by exact name, an interviewer by exact name. A scorecard is (opening,
candidate, interviewer, round). An interview that already has a scorecard,
submitted or draft, is never touched.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple, TextIO, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import (
    MAX_TEXT,
    Application,
    Candidate,
    Interview,
    Interviewer,
    InterviewStatus,
    Opening,
    OpeningStatus,
    Recommendation,
    Score,
    Scorecard,
    Stage,
)
from rubrics.models import Dimension, Rubric

COLUMNS = (
    "opening",
    "candidate",
    "email",
    "interviewer",
    "round",
    "dimension",
    "score",
    "evidence",
    "recommendation",
)
REQUIRED_COLUMNS = ("opening", "candidate", "interviewer", "round", "dimension", "score")
# Database limits, checked up front so PostgreSQL never fails halfway.
MAX_LENGTHS = {
    "opening": Opening._meta.get_field("title").max_length,
    "candidate": Candidate._meta.get_field("name").max_length,
    "email": Candidate._meta.get_field("email").max_length,
    "interviewer": Interviewer._meta.get_field("name").max_length,
    "round": Interview._meta.get_field("round_name").max_length,
    "evidence": MAX_TEXT,
}
# "3" and "3.0" are whole numbers; "3.5", "three" and "3_0" are not.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.0*)?", re.ASCII)

K = TypeVar("K")
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class RowError:
    """One problem in the file. `message` is translated and starts with the line."""

    line: int
    message: str

    def __str__(self) -> str:
        return self.message


class ImportRejected(Exception):
    """The file was not imported; `errors` lists every problem, ordered by line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(error.message for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportReport:
    """What an import created. Every new opening got the rubric `default_rubric`."""

    openings_created: tuple[str, ...] = ()
    default_rubric: str = ""
    candidates_created: int = 0
    applications_created: int = 0
    interviewers_created: int = 0
    interviews_created: int = 0
    scorecards_created: int = 0
    scores_created: int = 0

    def lines(self) -> list[str]:
        """The report as translated sentences, one per line."""
        lines = [
            _("Created opening “%(title)s” with the default rubric “%(rubric)s”.")
            % {"title": title, "rubric": self.default_rubric}
            for title in self.openings_created
        ]
        counts = [
            (ngettext("Created %(count)d candidate.", "Created %(count)d candidates.",
                      self.candidates_created), self.candidates_created),
            (ngettext("Created %(count)d application.", "Created %(count)d applications.",
                      self.applications_created), self.applications_created),
            (ngettext("Created %(count)d interviewer.", "Created %(count)d interviewers.",
                      self.interviewers_created), self.interviewers_created),
            (ngettext("Created %(count)d interview.", "Created %(count)d interviews.",
                      self.interviews_created), self.interviews_created),
            (ngettext("Imported %(count)d submitted scorecard.",
                      "Imported %(count)d submitted scorecards.",
                      self.scorecards_created), self.scorecards_created),
            (ngettext("Imported %(count)d score.", "Imported %(count)d scores.",
                      self.scores_created), self.scores_created),
        ]  # fmt: skip
        lines += [template % {"count": count} for template, count in counts]
        return lines


class _Key(NamedTuple):
    """Identifies one scorecard. `candidate` is ("email", lower-case address) or ("name", name)."""

    opening: str
    candidate: tuple[str, str]
    interviewer: str
    round: str


@dataclass(frozen=True)
class _Row:
    """One data row, every value stripped; nothing checked yet."""

    line: int
    opening: str = ""
    candidate: str = ""
    email: str = ""
    interviewer: str = ""
    round: str = ""
    dimension: str = ""
    score: str = ""
    evidence: str = ""
    recommendation: str = ""

    @property
    def candidate_key(self) -> tuple[str, str]:
        return ("email", self.email.lower()) if self.email else ("name", self.candidate)

    @property
    def scorecard_key(self) -> _Key:
        return _Key(self.opening, self.candidate_key, self.interviewer, self.round)

    @property
    def has_scorecard_key(self) -> bool:
        return all((self.opening, self.candidate, self.interviewer, self.round))


def import_scorecards(source: TextIO | bytes, *, entered_by: User | None) -> ImportReport:
    """Check the whole CSV `source`, then create everything it describes in one transaction.

    `source` is the file's bytes (decoded as UTF-8, a BOM allowed) or an open
    text file. Raises ImportRejected, with nothing written, if any row is bad.
    The scorecards are submitted now, entered by `entered_by`; interviews
    created for them are dated now and marked done.
    """
    rows = _read_rows(_decode(source))
    existing = _load_existing(rows)
    groups, errors = _validate(rows, existing)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        return _write(groups, existing, entered_by=entered_by)


# Reading ------------------------------------------------------------------


def _error(line: int, message: str, **params: object) -> RowError:
    return RowError(line=line, message=message % {"line": line, **params})


def _decode(source: TextIO | bytes | str) -> str:
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    data = source if isinstance(source, bytes | bytearray) else source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = _("line %(line)s: the file is not UTF-8 text; save it as “CSV UTF-8”")
        raise ImportRejected([_error(line, message)]) from None


def _read_rows(text: str) -> list[_Row]:
    """The data rows, each with the line it starts on; blank rows are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise ImportRejected([_unreadable(1, exc)]) from None
    columns = _read_header(header)
    rows, errors = [], []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # The reader cannot find where the next row starts; stop here.
            errors.append(_unreadable(line, exc))
            break
        if not any(cell.strip() for cell in cells):
            continue
        row, error = _build_row(line, cells, columns)
        rows.append(row)
        if error:
            errors.append(error)
    if not rows and not errors:
        errors.append(_error(1, _("line %(line)s: the file has a header but no rows")))
    if errors:
        raise ImportRejected(errors)
    return rows


def _unreadable(line: int, exc: csv.Error) -> RowError:
    return _error(line, _("line %(line)s: not valid CSV (%(reason)s)"), reason=exc)


def _read_header(header: list[str]) -> list[str | None]:
    """The column name at each position (None for a blank header cell)."""
    names = [cell.strip().lower() or None for cell in header]
    if not any(names):
        message = _("line %(line)s: the first line must be the header: %(columns)s")
        raise ImportRejected([_error(1, message, columns=", ".join(COLUMNS))])
    errors = []
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        message = _("line %(line)s: unknown column(s) %(unknown)s; the columns are %(columns)s")
        errors.append(_error(1, message, unknown=", ".join(unknown), columns=", ".join(COLUMNS)))
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        message = _("line %(line)s: column(s) %(columns)s appear more than once")
        errors.append(_error(1, message, columns=", ".join(repeated)))
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        message = _("line %(line)s: missing required column(s) %(columns)s")
        errors.append(_error(1, message, columns=", ".join(missing)))
    if errors:
        raise ImportRejected(errors)
    return names


def _build_row(
    line: int, cells: list[str], columns: list[str | None]
) -> tuple[_Row, RowError | None]:
    values = {}
    stray = False
    for index, cell in enumerate(cells):
        name = columns[index] if index < len(columns) else None
        if name is None:
            stray = stray or bool(cell.strip())
        else:
            values[name] = cell.strip()
    error = None
    if stray:
        # Usually a comma inside a value that was not quoted.
        message = _(
            "line %(line)s: more values than columns; put values containing commas in quotes"
        )
        error = _error(line, message)
    return _Row(line=line, **values), error


# Checking ------------------------------------------------------------------


@dataclass
class _Existing:
    """What the database already holds for the names in the file."""

    openings: dict[str, Opening]
    default_rubric: Rubric | None
    dimensions: dict[int, dict[str, Dimension]]  # rubric id -> lower-case code -> dimension
    candidates: dict[tuple[str, str], list[Candidate]]  # candidate key -> matches, by id
    interviewers: dict[str, list[Interviewer]]
    applications: dict[tuple[int, int], Application]  # (candidate id, opening id)
    interviews: dict[tuple[int, int, str], Interview]  # (application id, interviewer id, round)

    def rubric_for(self, title: str) -> Rubric | None:
        opening = self.openings.get(title)
        return opening.rubric if opening else self.default_rubric

    def candidate(self, key: tuple[str, str]) -> Candidate | None:
        """The matching candidate; None when there is none or the name is ambiguous."""
        matches = self.candidates.get(key, [])
        # Case variants of one address can coexist; the oldest candidate wins.
        if key[0] == "email" and matches:
            return matches[0]
        return matches[0] if len(matches) == 1 else None

    def interviewer(self, name: str) -> Interviewer | None:
        matches = self.interviewers.get(name, [])
        return matches[0] if len(matches) == 1 else None

    def interview(self, key: _Key) -> Interview | None:
        opening = self.openings.get(key.opening)
        candidate = self.candidate(key.candidate)
        interviewer = self.interviewer(key.interviewer)
        if not (opening and candidate and interviewer):
            return None
        application = self.applications.get((candidate.pk, opening.pk))
        if application is None:
            return None
        return self.interviews.get((application.pk, interviewer.pk, key.round))


def _searchable(values: Iterable[str]) -> set[str]:
    """The values worth looking up: not blank and free of NUL characters.

    PostgreSQL refuses NUL even in a query; such rows are rejected by _check_values.
    """
    return {value for value in values if value and "\x00" not in value}


def _load_existing(rows: list[_Row]) -> _Existing:
    """Everything the checks and the writes need, in a fixed number of queries."""
    titles = _searchable(row.opening for row in rows)
    openings = _pick_openings(Opening.objects.filter(title__in=titles).select_related("rubric"))
    default_rubric = None
    if titles - openings.keys():
        default_rubric = Rubric.objects.filter(is_default=True).first()
    rubric_ids = {opening.rubric_id for opening in openings.values()}
    if default_rubric:
        rubric_ids.add(default_rubric.pk)
    dimensions: dict[int, dict[str, Dimension]] = defaultdict(dict)
    for dimension in Dimension.objects.filter(rubric__in=rubric_ids):
        dimensions[dimension.rubric_id][dimension.code.lower()] = dimension

    candidates: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    emails = _searchable(row.email.lower() for row in rows)
    if emails:
        for candidate in (
            Candidate.objects.annotate(email_key=Lower("email"))
            .filter(email_key__in=emails)
            .order_by("pk")
        ):
            candidates[("email", candidate.email_key)].append(candidate)
    names = _searchable(row.candidate for row in rows if not row.email)
    if names:
        for candidate in Candidate.objects.filter(name__in=names).order_by("pk"):
            candidates[("name", candidate.name)].append(candidate)

    interviewers: dict[str, list[Interviewer]] = defaultdict(list)
    interviewer_names = _searchable(row.interviewer for row in rows)
    for interviewer in Interviewer.objects.filter(name__in=interviewer_names).order_by("pk"):
        interviewers[interviewer.name].append(interviewer)

    existing = _Existing(
        openings=openings,
        default_rubric=default_rubric,
        dimensions=dimensions,
        candidates=candidates,
        interviewers=interviewers,
        applications={},
        interviews={},
    )
    candidate_ids = {c.pk for key in candidates if (c := existing.candidate(key))}
    opening_ids = {opening.pk for opening in openings.values()}
    if candidate_ids and opening_ids:
        existing.applications = {
            (application.candidate_id, application.opening_id): application
            for application in Application.objects.filter(
                candidate__in=candidate_ids, opening__in=opening_ids
            )
        }
    interviewer_ids = {i.pk for name in interviewers if (i := existing.interviewer(name))}
    if existing.applications and interviewer_ids:
        existing.interviews = {
            (interview.application_id, interview.interviewer_id, interview.round_name): interview
            for interview in Interview.objects.filter(
                application__in=[a.pk for a in existing.applications.values()],
                interviewer__in=interviewer_ids,
                round_name__in={row.round for row in rows},
            ).select_related("scorecard")
        }
    return existing


def _pick_openings(openings: Iterable[Opening]) -> dict[str, Opening]:
    """Per title, the open opening created last (else the closed one created last)."""
    picked: dict[str, Opening] = {}
    for opening in openings:
        current = picked.get(opening.title)
        if current is None or _opening_rank(opening) > _opening_rank(current):
            picked[opening.title] = opening
    return picked


def _opening_rank(opening: Opening) -> tuple[bool, datetime, int]:
    return (opening.status == OpeningStatus.OPEN, opening.created_at, opening.pk)


def _validate(
    rows: list[_Row], existing: _Existing
) -> tuple[dict[_Key, list[_Row]], list[RowError]]:
    """The rows grouped by scorecard (in file order), and every problem found."""
    errors: list[RowError] = []
    groups: dict[_Key, list[_Row]] = {}
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
    errors += _check_existing_scorecards(groups, existing)
    return groups, sorted(errors, key=lambda error: error.line)


def _check_values(row: _Row) -> list[RowError]:
    """Problems visible in the row alone: NULs, blanks, lengths, e-mail, score, recommendation."""
    errors = []
    for column in COLUMNS:
        # PostgreSQL cannot store NUL in text; usually a sign of a binary or UTF-16 file.
        if "\x00" in getattr(row, column):
            message = _("line %(line)s: %(column)s contains a NUL character")
            errors.append(_error(row.line, message, column=column))
    for column in REQUIRED_COLUMNS:
        if column != "score" and not getattr(row, column):
            errors.append(_error(row.line, _("line %(line)s: %(column)s is empty"), column=column))
    for column, limit in MAX_LENGTHS.items():
        if len(getattr(row, column)) > limit:
            message = _("line %(line)s: %(column)s is longer than %(limit)s characters")
            errors.append(_error(row.line, message, column=column, limit=limit))
    if row.email and not _is_email(row.email):
        message = _("line %(line)s: “%(email)s” is not a valid e-mail address")
        errors.append(_error(row.line, message, email=row.email))
    if row.score and not WHOLE_NUMBER.fullmatch(row.score):
        message = _("line %(line)s: score “%(score)s” is not a whole number")
        errors.append(_error(row.line, message, score=row.score))
    if _recommendation(row.recommendation) is None:
        message = _("line %(line)s: unknown recommendation “%(value)s”; use one of %(choices)s")
        choices = ", ".join(Recommendation.values)
        errors.append(_error(row.line, message, value=row.recommendation, choices=choices))
    return errors


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _score(text: str) -> int | None:
    """The score as a number, None for "not assessed". `text` is blank or a whole number.

    Decimal, not float: a number of 400 digits must come out as too large, not as
    an infinity that int() refuses.
    """
    return int(Decimal(text)) if text else None


def _recommendation(text: str) -> str | None:
    """The Recommendation value for `text` ("Strong yes" -> "strong_yes"); None if unknown."""
    if not text:
        return Recommendation.NO_DECISION
    value = re.sub(r"[\s-]+", "_", text.lower())
    return value if value in Recommendation.values else None


def _check_against_rubric(
    row: _Row, rubric: Rubric, dimensions: dict[str, Dimension]
) -> list[RowError]:
    errors = []
    if row.dimension and row.dimension.lower() not in dimensions:
        message = _("line %(line)s: unknown dimension code “%(code)s” in rubric “%(rubric)s”")
        errors.append(_error(row.line, message, code=row.dimension, rubric=rubric))
    if row.score and WHOLE_NUMBER.fullmatch(row.score):
        score = _score(row.score)
        if not rubric.scale_min <= score <= rubric.scale_max:
            message = _(
                "line %(line)s: score %(score)s is outside the scale %(low)s–%(high)s "
                "of rubric “%(rubric)s”"
            )
            errors.append(
                _error(
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

    dimension_lines: dict[tuple[_Key, str], int] = field(default_factory=dict)
    recommendations: dict[_Key, tuple[str, int]] = field(default_factory=dict)
    email_names: dict[str, tuple[str, int]] = field(default_factory=dict)
    titles_without_rubric: set[str] = field(default_factory=set)

    def check(self, row: _Row) -> list[RowError]:
        return [
            error
            for error in (self._dimension(row), self._recommendation(row), self._email(row))
            if error
        ]

    def check_rubric_exists(self, row: _Row, rubric: Rubric | None) -> list[RowError]:
        if rubric is not None or row.opening in self.titles_without_rubric:
            return []
        self.titles_without_rubric.add(row.opening)
        message = _(
            "line %(line)s: opening “%(opening)s” does not exist and there is no default "
            "rubric to create it with"
        )
        return [_error(row.line, message, opening=row.opening)]

    def _dimension(self, row: _Row) -> RowError | None:
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
        return _error(row.line, message, code=row.dimension, first=first)

    def _recommendation(self, row: _Row) -> RowError | None:
        value = _recommendation(row.recommendation)
        if not row.recommendation or value is None:
            return None
        first_value, first = self.recommendations.setdefault(row.scorecard_key, (value, row.line))
        if first_value == value:
            return None
        message = _(
            "line %(line)s: recommendation “%(value)s” contradicts “%(first_value)s” "
            "on line %(first)s of the same scorecard"
        )
        return _error(row.line, message, value=value, first_value=first_value, first=first)

    def _email(self, row: _Row) -> RowError | None:
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
        return _error(
            row.line,
            message,
            email=row.email,
            name=row.candidate,
            first_name=first_name,
            first=first,
        )


def _check_ambiguous_people(groups: dict[_Key, list[_Row]], existing: _Existing) -> list[RowError]:
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
                _error(lines[0], message, count=count, name=name, lines=_format_lines(lines))
            )
    for name, lines in interviewer_lines.items():
        count = len(existing.interviewers.get(name, []))
        if count > 1:
            message = _(
                "line %(line)s: %(count)s interviewers are named “%(name)s”; rename one "
                "before importing (lines %(lines)s)"
            )
            errors.append(
                _error(lines[0], message, count=count, name=name, lines=_format_lines(lines))
            )
    return errors


def _check_existing_scorecards(
    groups: dict[_Key, list[_Row]], existing: _Existing
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
        first = rows[0]
        errors.append(
            _error(
                first.line,
                message,
                round=first.round,
                candidate=first.candidate,
                interviewer=first.interviewer,
                lines=_format_lines([row.line for row in rows]),
            )
        )
    return errors


def _format_lines(lines: list[int]) -> str:
    """[2, 3, 4, 7] -> "2–4, 7"."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


# Writing ------------------------------------------------------------------


def _write(
    groups: dict[_Key, list[_Row]], existing: _Existing, *, entered_by: User | None
) -> ImportReport:
    """Create what is missing, then the submitted scorecards and their scores."""
    now = timezone.now()
    first_rows: dict[tuple[str, str], _Row] = {}
    for rows in groups.values():
        first_rows.setdefault(rows[0].candidate_key, rows[0])

    openings, new_openings = _find_or_build(
        (key.opening for key in groups),
        find=existing.openings.get,
        build=lambda title: Opening(title=title, rubric=existing.default_rubric),
    )
    candidates, new_candidates = _find_or_build(
        (key.candidate for key in groups),
        find=existing.candidate,
        build=lambda key: Candidate(name=first_rows[key].candidate, email=first_rows[key].email),
    )
    interviewers, new_interviewers = _find_or_build(
        (key.interviewer for key in groups),
        find=existing.interviewer,
        build=lambda name: Interviewer(name=name),
    )
    _create_all(Opening, new_openings)
    _create_all(Candidate, new_candidates)
    _create_all(Interviewer, new_interviewers)

    applications, new_applications = _find_or_build(
        ((key.opening, key.candidate) for key in groups),
        find=lambda pair: existing.applications.get((candidates[pair[1]].pk, openings[pair[0]].pk)),
        build=lambda pair: Application(
            candidate=candidates[pair[1]], opening=openings[pair[0]], stage=Stage.INTERVIEWING
        ),
    )
    _create_all(Application, new_applications)

    interviews, new_interviews = _find_or_build(
        groups,
        find=existing.interview,
        build=lambda key: Interview(
            application=applications[(key.opening, key.candidate)],
            interviewer=interviewers[key.interviewer],
            round_name=key.round,
            scheduled_at=now,
            status=InterviewStatus.DONE,
        ),
    )
    _create_all(Interview, new_interviews)
    # An existing interview that now has a submitted scorecard has taken place.
    created = {id(interview) for interview in new_interviews}
    Interview.objects.filter(
        pk__in=[i.pk for i in interviews.values() if id(i) not in created]
    ).exclude(status=InterviewStatus.DONE).update(status=InterviewStatus.DONE)

    scorecards = {
        key: Scorecard(
            interview=interviews[key],
            recommendation=_scorecard_recommendation(rows),
            entered_by=entered_by,
            submitted_at=now,
        )
        for key, rows in groups.items()
    }
    _create_all(Scorecard, list(scorecards.values()))
    scores = [
        Score(
            scorecard=scorecards[key],
            dimension=existing.dimensions[openings[key.opening].rubric_id][row.dimension.lower()],
            value=_score(row.score),
            evidence=row.evidence,
        )
        for key, rows in groups.items()
        for row in rows
    ]
    Score.objects.bulk_create(scores)

    return ImportReport(
        openings_created=tuple(opening.title for opening in new_openings),
        default_rubric=str(existing.default_rubric) if new_openings else "",
        candidates_created=len(new_candidates),
        applications_created=len(new_applications),
        interviewers_created=len(new_interviewers),
        interviews_created=len(new_interviews),
        scorecards_created=len(scorecards),
        scores_created=len(scores),
    )


def _find_or_build(
    keys: Iterable[K], *, find: Callable[[K], M | None], build: Callable[[K], M]
) -> tuple[dict[K, M], list[M]]:
    """Each distinct key's existing object, else a new unsaved one; plus the new ones in order."""
    found: dict[K, M] = {}
    new: list[M] = []
    for key in keys:
        if key in found:
            continue
        obj = find(key)
        if obj is None:
            obj = build(key)
            new.append(obj)
        found[key] = obj
    return found, new


def _scorecard_recommendation(rows: list[_Row]) -> str:
    """The one non-blank recommendation among the rows (checked), else "no decision"."""
    for row in rows:
        if row.recommendation:
            return _recommendation(row.recommendation)
    return Recommendation.NO_DECISION


def _create_all(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert `objects`, setting their primary keys, in as few queries as the database allows."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects)
    else:
        for obj in objects:
            obj.save()
