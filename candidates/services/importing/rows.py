"""The import's vocabulary: columns, a row as read, errors and the report."""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import MAX_TEXT, Candidate, Interview, Interviewer, Opening, Recommendation

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


class ScorecardKey(NamedTuple):
    """Identifies one scorecard. `candidate` is ("email", lower-case address) or ("name", name)."""

    opening: str
    candidate: tuple[str, str]
    interviewer: str
    round: str


@dataclass(frozen=True)
class Row:
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
    def scorecard_key(self) -> ScorecardKey:
        return ScorecardKey(self.opening, self.candidate_key, self.interviewer, self.round)

    @property
    def has_scorecard_key(self) -> bool:
        return all((self.opening, self.candidate, self.interviewer, self.round))


def row_error(line: int, message: str, **params: object) -> RowError:
    return RowError(line=line, message=message % {"line": line, **params})


def score_value(text: str) -> int | None:
    """The score as a number, None for "not assessed". `text` is blank or a whole number.

    Decimal, not float: a number of 400 digits must come out as too large, not as
    an infinity that int() refuses.
    """
    return int(Decimal(text)) if text else None


def recommendation_value(text: str) -> str | None:
    """The Recommendation value for `text` ("Strong yes" -> "strong_yes"); None if unknown."""
    if not text:
        return Recommendation.NO_DECISION
    value = re.sub(r"[\s-]+", "_", text.lower())
    return value if value in Recommendation.values else None


def format_lines(lines: list[int]) -> str:
    """[2, 3, 4, 7] -> "2–4, 7"."""
    runs: list[list[int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
