"""The past opening's rows: found by natural key, the missing ones created in bulk."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from candidates.devtools.demo import get_or_create_opening, recommend
from candidates.devtools.demo_data import (
    PLAN_POSITION,
    SUMMARIES,
)
from candidates.devtools.demo_history.planning import (
    PastCandidate,
    local_time,
    plan_history,
)
from candidates.devtools.demo_history.specs import (
    OPENED_DAYS_AGO,
    PAST_OPENING,
)
from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    InterviewStatus,
    Opening,
    OpeningStatus,
    PerformanceRecord,
    RankingVersion,
    Score,
    Scorecard,
    StageChange,
)
from candidates.selectors.plans import plan_rounds
from candidates.services.plans import start_plan_from_rubric


@dataclass(frozen=True)
class PastSummary:
    """How many rows of the past opening exist after the run, and how many it created."""

    candidates: int
    interviews: int
    scorecards: int
    records: int
    created: int


@transaction.atomic
def create_past_opening(*, users: dict, interviewers: dict[str, Interviewer]) -> PastSummary:
    """Create whatever of the past opening is missing; `users` by username, `interviewers`
    by demo_data key. A few bulk queries per kind of row, whatever the number of candidates."""
    created = 0
    opening, new = _opening(users)
    created += new
    if not opening.rounds.exists():
        created += len(start_plan_from_rubric(opening=opening))
    opening.interviewers.add(*interviewers.values())
    plans = list(plan_rounds(opening))
    dimensions = {d.code: d for d in opening.rubric.dimensions.all()}
    past = plan_history(opening.created_at)
    candidates, made = _candidates(past)
    created += made
    applications, made = _applications(past, opening, candidates, users)
    created += made
    interviews, made = _interviews_rows(past, applications, interviewers, plans)
    created += made
    made = _scorecards(past, applications, interviews, interviewers, dimensions, users["hr"])
    if made:
        RankingVersion.objects.changed(openings=[opening.pk])
    created += made
    records, made = _records(past, candidates, users["manager"])
    created += made
    return PastSummary(
        candidates=len(past),
        interviews=len(interviews),
        scorecards=sum(len(p.interviews) for p in past),
        records=records,
        created=created,
    )


def _opening(users: dict) -> tuple[Opening, bool]:
    details = PAST_OPENING
    opening, new = get_or_create_opening(details, status=OpeningStatus.CLOSED)
    if new:
        # A Monday at 9:30: the history counts from here (auto_now_add set now).
        day = timezone.localdate() - timedelta(days=OPENED_DAYS_AGO)
        opened_at = local_time(day - timedelta(days=day.weekday()), 9, 30)
        Opening.objects.filter(pk=opening.pk).update(created_at=opened_at)
        opening.created_at = opened_at
    opening.hiring_managers.add(*(users[name] for name in details["hiring_managers"]))
    return opening, new


def _candidates(past: list[PastCandidate]) -> tuple[dict[str, Candidate], int]:
    """By e-mail; the missing ones created, dated when they applied."""
    emails = [p.spec.email for p in past]
    found = {c.email: c for c in Candidate.objects.filter(email__in=emails)}
    missing = [
        Candidate(
            name=p.spec.name,
            email=p.spec.email,
            current_company=p.spec.company,
            current_title=p.spec.title,
            years_experience=p.spec.years,
            industries=p.spec.industries,
            client_segments=p.spec.segments,
            crm_systems=p.spec.crm,
            created_at=p.applied_at,
        )
        for p in past
        if p.spec.email not in found
    ]
    _create_dated(Candidate, missing, "created_at")
    found |= {c.email: c for c in missing}
    return found, len(missing)


def _create_dated(model, rows: list, *fields: str) -> None:
    """bulk_create, then put back the `fields` that auto_now_add overwrote with now."""
    if not rows:
        return
    dated = [{name: getattr(row, name) for name in fields} for row in rows]
    model.objects.bulk_create(rows)
    for row, values in zip(rows, dated, strict=True):
        for name, value in values.items():
            setattr(row, name, value)
    model.objects.bulk_update(rows, list(fields))


def _applications(
    past: list[PastCandidate], opening: Opening, candidates: dict, users: dict
) -> tuple[dict[str, Application], int]:
    """By e-mail; a missing one is created with its whole stage history."""
    found = {
        a.candidate.email: a
        for a in Application.objects.filter(opening=opening).select_related("candidate")
    }
    new = [p for p in past if p.spec.email not in found]
    missing = []
    for person in new:
        decisions = [m for m in person.moves if m.decision]
        last = decisions[-1] if decisions else None
        missing.append(
            Application(
                candidate=candidates[person.spec.email],
                opening=opening,
                stage=person.spec.stage,
                decided_by=users[last.by] if last else None,
                decided_at=last.at if last else None,
                decision_note=last.note if last else "",
                created_at=person.applied_at,
            )
        )
    _create_dated(Application, missing, "created_at")
    # As services.stages writes them, with the times they happened.
    moves = StageChange.objects.bulk_create(
        StageChange(
            application=application,
            from_stage=move.from_stage,
            to_stage=move.to_stage,
            is_decision=move.decision,
            note=move.note,
            by=users[move.by],
            at=move.at,
        )
        for person, application in zip(new, missing, strict=True)
        for move in person.moves
    )
    found |= {a.candidate.email: a for a in missing}
    return found, len(missing) + len(moves)


def _interviews_rows(
    past: list[PastCandidate], applications: dict, interviewers: dict, plans: list
) -> tuple[dict[tuple[str, str], Interview], int]:
    """By (e-mail, round); the missing ones created as held."""
    emails = {a.pk: email for email, a in applications.items()}
    found = {
        (emails[i.application_id], i.round_name): i
        for i in Interview.objects.filter(application__in=list(applications.values()))
    }
    missing = []
    for person in past:
        for held in person.interviews:
            if (person.spec.email, held.round_name) in found:
                continue
            plan_round = plans[PLAN_POSITION[held.round_name]]
            missing.append(
                Interview(
                    application=applications[person.spec.email],
                    interviewer=interviewers[held.interviewer],
                    round=plan_round,
                    round_name=plan_round.name_en,
                    scheduled_at=held.scheduled_at,
                    status=InterviewStatus.DONE,
                    created_at=person.scheduled_on,
                )
            )
    Interview.objects.bulk_create(missing)
    found |= {(emails[i.application_id], i.round_name): i for i in missing}
    return found, len(missing)


def _scorecards(
    past: list[PastCandidate],
    applications: dict,
    interviews: dict,
    interviewers: dict,
    dimensions: dict,
    entered_by,
) -> int:
    """The missing submitted scorecards, each with a Score per dimension; rows created."""
    has_card = set(
        Scorecard.objects.filter(interview__in=[i.pk for i in interviews.values()]).values_list(
            "interview_id", flat=True
        )
    )
    cards, planned = [], []
    for person in past:
        for held in person.interviews:
            interview = interviews[(person.spec.email, held.round_name)]
            if interview.pk in has_card:
                continue
            recommendation = recommend(held.scores)
            cards.append(
                Scorecard(
                    interview=interview,
                    recommendation=recommendation,
                    summary=SUMMARIES[recommendation],
                    entered_by=entered_by,
                    submitted_at=held.submitted_at,
                    updated_at=held.submitted_at,
                )
            )
            planned.append(held.scores)
    _create_dated(Scorecard, cards, "updated_at")
    scores = Score.objects.bulk_create(
        Score(
            scorecard=card,
            dimension=dimension,
            value=scores[code].value if code in scores else None,
            evidence=scores[code].evidence if code in scores else "",
        )
        for card, scores in zip(cards, planned, strict=True)
        for code, dimension in dimensions.items()
    )
    return len(cards) + len(scores)


def _records(past: list[PastCandidate], candidates: dict, entered_by) -> tuple[int, int]:
    """The planned reviews that are missing, never one dated after today (a clock set
    back); returns (how many exist, how many were created)."""
    hires = [p for p in past if p.records]
    ids = [candidates[p.spec.email].pk for p in hires]
    found = set(
        PerformanceRecord.objects.filter(candidate_id__in=ids).values_list(
            "candidate_id", "period_months"
        )
    )
    today = timezone.localdate()
    missing = []
    for person in hires:
        candidate = candidates[person.spec.email]
        for review in person.records:
            if (
                review.values["measured_on"] > today
                or (candidate.pk, review.period_months) in found
            ):
                continue
            record = PerformanceRecord(
                candidate=candidate,
                entered_by=entered_by,
                entered_at=min(review.entered_at, timezone.now()),
                **review.values,
            )
            # The checks record_performance makes, without its query per record.
            record.full_clean(exclude=["entered_by", "changed_by"], validate_unique=False)
            missing.append(record)
    PerformanceRecord.objects.bulk_create(missing)
    return len(found) + len(missing), len(missing)
