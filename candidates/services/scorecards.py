"""Saving a scorecard: drafts, submission, audited edits and conflict detection.

The submission rules live here (`submission_problems`), so the entry form, the
CSV import and `save_scorecard` itself refuse the same cards for the same
reasons.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from candidates.models import (
    Interview,
    InterviewStatus,
    Opening,
    Score,
    Scorecard,
    ScorecardLink,
    ScorecardRevision,
)
from candidates.selectors.plans import focus_codes
from candidates.services.links import check_link, close_links
from candidates.signals import SCORECARD_SUBMITTED, announce, scorecard_submitted

NOT_ASSESSED = None
SAVED_FIELDS = ["recommendation", "summary", "entered_by", "submitted_at", "submitted_via_link"]


@dataclass(frozen=True)
class ScoreEntry:
    value: int | None  # None = "not assessed"
    evidence: str = ""


@dataclass(frozen=True)
class ScorecardEntry:
    """What the rater typed. `scores` holds only the dimensions answered so far."""

    scores: dict[str, ScoreEntry]
    recommendation: str
    summary: str = ""


UNANSWERED = "unanswered"  # a dimension has neither a level nor "not assessed"
NO_EVIDENCE = "no_evidence"  # an extreme level without a line of evidence
NOTHING_SCORED = "nothing_scored"  # every dimension "not assessed"


@dataclass(frozen=True)
class SubmissionProblem:
    kind: str
    code: str = ""  # the dimension concerned; "" for the card as a whole
    level: int | None = None


def submission_problems(
    *, entry: ScorecardEntry, codes: Sequence[str], scale_min: int, scale_max: int
) -> list[SubmissionProblem]:
    """Why `entry` cannot be submitted on a rubric with dimensions `codes`; [] when it can.

    A submitted card answers every dimension (a level or "not assessed"),
    scores at least one, and gives evidence for each extreme level (the lowest
    and highest of the scale), which a debrief will question first.
    """
    problems = []
    scored = 0
    for code in codes:
        answer = entry.scores.get(code)
        if answer is None:
            problems.append(SubmissionProblem(UNANSWERED, code))
        elif answer.value is not None:
            scored += 1
            if answer.value in (scale_min, scale_max) and not answer.evidence.strip():
                problems.append(SubmissionProblem(NO_EVIDENCE, code, answer.value))
    if scored == 0 and not problems:
        problems.append(SubmissionProblem(NOTHING_SCORED))
    return problems


class IncompleteScorecard(Exception):
    """A submission that breaks the submission rules; nothing was saved."""

    def __init__(self, problems: list[SubmissionProblem]) -> None:
        super().__init__(", ".join(f"{p.kind}:{p.code}" for p in problems))
        self.problems = problems


class InterviewCancelled(Exception):
    """The interview was cancelled: it takes no scorecard, and nothing was saved."""


class ScorecardConflict(Exception):
    """Someone saved the scorecard after this user loaded it."""

    def __init__(self, current: Scorecard) -> None:
        super().__init__("scorecard changed since it was loaded")
        self.current = current


def save_scorecard(
    *,
    interview: Interview,
    entry: ScorecardEntry,
    by,
    expected_version: int,
    submit: bool,
    reason: str = "",
    link: ScorecardLink | None = None,
) -> Scorecard:
    """Save `entry` on the interview's scorecard in one transaction.

    `expected_version` is the version the user loaded (0 for a scorecard not yet
    created); if another save happened in between, nothing is written and
    ScorecardConflict carries the newer scorecard. Edits of a submitted
    scorecard are recorded with `reason` as a ScorecardRevision; a submitted
    scorecard stays submitted. Submitting, or changing a submitted card, must
    pass `submission_problems`, else IncompleteScorecard and nothing is saved.
    A cancelled interview raises InterviewCancelled. Through a `link` (`by`
    None) it must be live and for this interview, else LinkDead; submitting
    records it. Every live link of the interview dies at submission.
    """
    with transaction.atomic():
        # Locked: a move to another rubric waits (and moves these scores) or goes first.
        rubric = Opening.objects.select_for_update().get(pk=interview.application.opening_id).rubric
        # Locked: cancelling it at the same moment waits, then sees this scorecard.
        status = Interview.objects.select_for_update().values_list("status", flat=True)
        if status.get(pk=interview.pk) == InterviewStatus.CANCELLED:
            raise InterviewCancelled
        link = link and check_link(link=link, interview=interview)
        scorecard = _claim(interview=interview, by=by, expected_version=expected_version)
        dimensions = {d.code: d for d in rubric.dimensions.all()}
        was_submitted = scorecard.is_submitted
        if submit or was_submitted:
            _refuse_incomplete(entry, rubric, codes=required_codes(interview, dimensions))
        before = snapshot(scorecard) if was_submitted else None

        scorecard.recommendation = entry.recommendation
        scorecard.summary = entry.summary
        scorecard.entered_by = by
        if submit and not was_submitted:
            scorecard.submitted_at = timezone.now()
            scorecard.submitted_via_link = link
            close_links(interview=interview, now=scorecard.submitted_at)
            announce(event=SCORECARD_SUBMITTED, payload=scorecard_submitted(scorecard, interview))
        scorecard.save(update_fields=SAVED_FIELDS)
        _write_scores(scorecard, entry, dimensions)

        if scorecard.is_submitted and interview.status != InterviewStatus.DONE:
            interview.status = InterviewStatus.DONE
            interview.save(update_fields=["status"])
        if before is not None:
            changes = diff_snapshots(before, snapshot(scorecard))
            if changes:
                ScorecardRevision.objects.create(
                    scorecard=scorecard, edited_by=by, reason=reason, changes=changes
                )
    scorecard.refresh_from_db()
    return scorecard


def required_codes(interview: Interview, dimensions: dict) -> list[str]:
    """What a submitted card must answer: the plan round's focus, else every dimension."""
    focus = focus_codes(interview.round)
    return [code for code in dimensions if focus is None or code in focus]


def _refuse_incomplete(entry: ScorecardEntry, rubric, *, codes: list[str]) -> None:
    problems = submission_problems(
        entry=entry, codes=codes, scale_min=rubric.scale_min, scale_max=rubric.scale_max
    )
    if problems:
        raise IncompleteScorecard(problems)


def _claim(*, interview: Interview, by, expected_version: int) -> Scorecard:
    """Create the scorecard, or bump its version only if nobody saved in between."""
    if expected_version == 0:
        try:
            with transaction.atomic():
                return Scorecard.objects.create(interview=interview, entered_by=by)
        except IntegrityError:
            raise ScorecardConflict(Scorecard.objects.get(interview=interview)) from None
    # A conditional UPDATE is atomic on every database: exactly one of two
    # concurrent savers of the same version gets the row.
    claimed = Scorecard.objects.filter(interview=interview, version=expected_version).update(
        version=F("version") + 1
    )
    scorecard = Scorecard.objects.get(interview=interview)
    if not claimed:
        raise ScorecardConflict(scorecard)
    return scorecard


def _write_scores(scorecard: Scorecard, entry: ScorecardEntry, dimensions: dict) -> None:
    existing = {
        score.dimension.code: score for score in scorecard.scores.select_related("dimension")
    }
    to_create, to_update = [], []
    for code, typed in entry.scores.items():
        score = existing.pop(code, None)
        if score is None:
            to_create.append(
                Score(
                    scorecard=scorecard,
                    dimension=dimensions[code],
                    value=typed.value,
                    evidence=typed.evidence,
                )
            )
        elif (score.value, score.evidence) != (typed.value, typed.evidence):
            score.value, score.evidence = typed.value, typed.evidence
            to_update.append(score)
    Score.objects.bulk_create(to_create)
    Score.objects.bulk_update(to_update, ["value", "evidence"])
    # Answers cleared in a draft are removed; a submitted card always has all.
    Score.objects.filter(pk__in=[score.pk for score in existing.values()]).delete()


def snapshot(scorecard: Scorecard) -> dict[str, object]:
    """The values an edit can change, keyed by field name or dimension code."""
    values: dict[str, object] = {
        "recommendation": scorecard.recommendation,
        "summary": scorecard.summary,
    }
    for score in scorecard.scores.select_related("dimension"):
        values[score.dimension.code] = score.value
        values[f"{score.dimension.code}:evidence"] = score.evidence
    return values


def diff_snapshots(before: dict[str, object], after: dict[str, object]) -> list[dict]:
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {"field": key, "old": before.get(key), "new": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    ]
