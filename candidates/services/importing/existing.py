"""What the database already holds for the names in the file, in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models.functions import Lower

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    InterviewRound,
    Opening,
)
from candidates.selectors.imports import pick_openings
from candidates.services.importing.rows import Row, ScorecardKey
from rubrics.models import Dimension, Rubric


@dataclass
class Existing:
    """What the database already holds for the names in the file."""

    openings: dict[str, Opening]
    default_rubric: Rubric | None
    dimensions: dict[int, dict[str, Dimension]]  # rubric id -> lower-case code -> dimension
    candidates: dict[tuple[str, str], list[Candidate]]  # candidate key -> matches, by id
    interviewers: dict[str, list[Interviewer]]
    applications: dict[tuple[int, int], Application]  # (candidate id, opening id)
    interviews: dict[tuple[int, int, str], Interview]  # (application id, interviewer id, round)
    rounds: dict[int, list[InterviewRound]] = field(default_factory=dict)  # opening id -> plan

    def plan_of(self, title: str) -> list[InterviewRound]:
        """The plan of the opening named `title`; [] for an opening without one or a new one."""
        opening = self.openings.get(title)
        return self.rounds.get(opening.pk, []) if opening else []

    def round_for(self, title: str, name: str) -> InterviewRound | None:
        """The plan round the file's round `name` stands for (either language, any case)."""
        wanted = normal_name(name)
        for plan_round in self.plan_of(title):
            if wanted in {normal_name(n) for n in (plan_round.name_en, plan_round.name_zh_hans)}:
                return plan_round
        return None

    def round_name(self, key: ScorecardKey) -> str:
        """The name an interview of `key` is stored under: its plan round's, else the file's."""
        plan_round = self.round_for(key.opening, key.round)
        return (plan_round.name_en or plan_round.name) if plan_round else key.round

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

    def interview(self, key: ScorecardKey) -> Interview | None:
        opening = self.openings.get(key.opening)
        candidate = self.candidate(key.candidate)
        interviewer = self.interviewer(key.interviewer)
        if not (opening and candidate and interviewer):
            return None
        application = self.applications.get((candidate.pk, opening.pk))
        if application is None:
            return None
        return self.interviews.get((application.pk, interviewer.pk, self.round_name(key)))


def normal_name(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def searchable(values: Iterable[str]) -> set[str]:
    """The values worth looking up: not blank and free of NUL characters.

    PostgreSQL refuses NUL even in a query; such rows are rejected by _check_values.
    """
    return {value for value in values if value and "\x00" not in value}


def load_existing(rows: list[Row]) -> Existing:
    """Everything the checks and the writes need, in a fixed number of queries."""
    titles = searchable(row.opening for row in rows)
    # Locked (inside the import's transaction): moving one of them to another rubric
    # waits until the scores written here can be moved along.
    named = Opening.objects.filter(title__in=titles).select_related("rubric")
    openings = pick_openings(named.select_for_update(of=("self",)))
    default_rubric = None
    if titles - openings.keys():
        default_rubric = Rubric.objects.filter(is_default=True).first()
    rubric_ids = {opening.rubric_id for opening in openings.values()}
    if default_rubric:
        rubric_ids.add(default_rubric.pk)
    dimensions: dict[int, dict[str, Dimension]] = defaultdict(dict)
    for dimension in Dimension.objects.filter(rubric__in=rubric_ids):
        dimensions[dimension.rubric_id][dimension.code.lower()] = dimension

    candidates = _matching_candidates(rows)

    interviewers: dict[str, list[Interviewer]] = defaultdict(list)
    interviewer_names = searchable(row.interviewer for row in rows)
    for interviewer in Interviewer.objects.filter(name__in=interviewer_names).order_by("pk"):
        interviewers[interviewer.name].append(interviewer)

    existing = Existing(
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
    existing.rounds = defaultdict(list)
    for plan_round in InterviewRound.objects.filter(opening__in=opening_ids).order_by("order"):
        existing.rounds[plan_round.opening_id].append(plan_round)
    if existing.applications and interviewer_ids:
        existing.interviews = {
            (interview.application_id, interview.interviewer_id, interview.round_name): interview
            for interview in Interview.objects.filter(
                application__in=[a.pk for a in existing.applications.values()],
                interviewer__in=interviewer_ids,
                round_name__in={existing.round_name(row.scorecard_key) for row in rows},
            ).select_related("scorecard")
        }
    return existing


def _matching_candidates(rows: list[Row]) -> dict[tuple[str, str], list[Candidate]]:
    """Candidates by the file's candidate key: the e-mail (any case) or, without one, the name."""
    candidates: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    emails = searchable(row.email.lower() for row in rows)
    if emails:
        for candidate in (
            Candidate.objects.annotate(email_key=Lower("email"))
            .filter(email_key__in=emails)
            .order_by("pk")
        ):
            candidates[("email", candidate.email_key)].append(candidate)
    names = searchable(row.candidate for row in rows if not row.email)
    if names:
        for candidate in Candidate.objects.filter(name__in=names).order_by("pk"):
            candidates[("name", candidate.name)].append(candidate)
    return candidates
