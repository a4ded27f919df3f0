"""Writing a checked file: what is missing first, then the submitted scorecards."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import User
from django.db import connection, models
from django.utils import timezone

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    InterviewStatus,
    Opening,
    RankingVersion,
    Recommendation,
    Score,
    Scorecard,
    Stage,
)
from candidates.services.importing.existing import Existing
from candidates.services.importing.rows import (
    ImportReport,
    Row,
    ScorecardKey,
    recommendation_value,
    score_value,
)
from candidates.services.stages import record_created_stages, start_interviewing

K = TypeVar("K")
M = TypeVar("M", bound=models.Model)


@dataclass
class _Found:
    """What the scorecards hang on, by the file's keys, found or created; and the new ones."""

    openings: dict[str, Opening]
    candidates: dict[tuple[str, str], Candidate]
    interviewers: dict[str, Interviewer]
    applications: dict[tuple[str, tuple[str, str]], Application]
    new: dict[str, list]  # model name -> the objects this import created


def write(
    groups: dict[ScorecardKey, list[Row]], existing: Existing, *, entered_by: User | None
) -> ImportReport:
    """Create what is missing, then the submitted scorecards and their scores."""
    now = timezone.now()
    found = _find_or_create_people(groups, existing)
    # New applications start at "interviewing": their history says so.
    record_created_stages(applications=found.new["applications"], by=entered_by)
    interviews = _find_or_create_interviews(groups, existing, found, now=now)
    # A new interview is a first one scheduled, as on the page: the application moves on.
    start_interviewing(
        application_ids={interview.application_id for interview in found.new["interviews"]},
        by=entered_by,
    )
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
            dimension=existing.dimensions[found.openings[key.opening].rubric_id][
                row.dimension.lower()
            ],
            value=score_value(row.score),
            evidence=row.evidence,
        )
        for key, rows in groups.items()
        for row in rows
    ]
    Score.objects.bulk_create(scores)
    # Bulk inserts send no signal.
    RankingVersion.objects.changed(openings=[opening.pk for opening in found.openings.values()])
    return ImportReport(
        openings_created=tuple(opening.title for opening in found.new["openings"]),
        default_rubric=str(existing.default_rubric) if found.new["openings"] else "",
        candidates_created=len(found.new["candidates"]),
        applications_created=len(found.new["applications"]),
        interviewers_created=len(found.new["interviewers"]),
        interviews_created=len(found.new["interviews"]),
        scorecards_created=len(scorecards),
        scores_created=len(scores),
    )


def _find_or_create_people(groups: dict[ScorecardKey, list[Row]], existing: Existing) -> _Found:
    """Openings, candidates and interviewers, then the applications that join them."""
    first_rows: dict[tuple[str, str], Row] = {}
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
    new = {
        "openings": new_openings,
        "candidates": new_candidates,
        "interviewers": new_interviewers,
        "applications": new_applications,
    }
    return _Found(openings, candidates, interviewers, applications, new)


def _find_or_create_interviews(
    groups: dict[ScorecardKey, list[Row]], existing: Existing, found: _Found, *, now
) -> dict[ScorecardKey, Interview]:
    """The interview of each scorecard; new ones are dated `now` and done."""
    interviews, new_interviews = _find_or_build(
        groups,
        find=existing.interview,
        build=lambda key: Interview(
            application=found.applications[(key.opening, key.candidate)],
            interviewer=found.interviewers[key.interviewer],
            round=existing.round_for(key.opening, key.round),
            round_name=existing.round_name(key),
            scheduled_at=now,
            status=InterviewStatus.DONE,
        ),
    )
    _create_all(Interview, new_interviews)
    found.new["interviews"] = new_interviews
    # An existing interview that now has a submitted scorecard has taken place.
    created = {id(interview) for interview in new_interviews}
    Interview.objects.filter(
        pk__in=[i.pk for i in interviews.values() if id(i) not in created]
    ).exclude(status=InterviewStatus.DONE).update(status=InterviewStatus.DONE)
    return interviews


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


def _scorecard_recommendation(rows: list[Row]) -> str:
    """The one non-blank recommendation among the rows (checked), else "no decision"."""
    for row in rows:
        if row.recommendation:
            return recommendation_value(row.recommendation)
    return Recommendation.NO_DECISION


def _create_all(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert `objects`, setting their primary keys, in as few queries as the database allows."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects)
    else:
        for obj in objects:
            obj.save()
