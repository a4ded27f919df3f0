"""Demo openings, candidates, interviewers, interviews and scorecards for `seed_demo`.

Safe to run again and again: rows are found by natural key (opening title,
candidate e-mail, interviewer name, application, interview round) and only
created when missing; an existing scorecard is never touched. Scores come from
`random.Random(2026)`, and every draw is made whether or not its row already
exists, so the demo is the same on every database.

Each candidate has a latent ability (on the 1-5 scale) plus a fixed strength
or weakness per dimension; each interviewer a leniency. A score is ability +
strength + leniency + noise, rounded and clamped to 1..5.

A third, closed opening holds a hiring finished a year ago, with performance
records after the hire: `candidates.devtools.demo_history`.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from candidates.devtools.demo_data import (
    CANDIDATES,
    DIMENSION_CODES,
    EVIDENCE,
    HELD_HOURS_AGO,
    HELD_TODAY,
    INTERVIEWERS,
    NOISE,
    NOT_ASSESSED_BY_ROUND,
    OPENINGS,
    OVERDUE,
    OVERDUE_DAYS_AGO,
    PLAN_POSITION,
    ROUND_DAYS_AGO,
    SEED,
    STRENGTH_SPREAD,
    SUBMITTED,
    SUMMARIES,
    UPCOMING_DAYS_AHEAD,
    CandidateSpec,
)
from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    InterviewRound,
    InterviewStatus,
    Opening,
    OpeningStatus,
    Recommendation,
    Score,
    Scorecard,
)
from candidates.selectors.plans import plan_rounds
from candidates.services.plans import start_plan_from_rubric
from candidates.services.stages import record_created_stages
from hiring import roles
from rubrics.models import Rubric


@dataclass(frozen=True)
class DemoSummary:
    """How many demo rows exist after the run, and how many this run created."""

    openings: int
    candidates: int
    interviewers: int
    interviews: int
    scorecards: int  # submitted
    created: int
    performance_records: int = 0

    def __str__(self) -> str:
        new = f"{self.created} rows created" if self.created else "nothing new"
        return (
            f"Demo data: {self.openings} openings, {self.candidates} candidates, "
            f"{self.interviewers} interviewers, {self.interviews} interviews, "
            f"{self.scorecards} submitted scorecards, "
            f"{self.performance_records} performance records ({new})"
        )


@dataclass(frozen=True)
class PlannedScore:
    value: int | None
    evidence: str = ""


def plan_scores(
    *,
    rng: random.Random,
    spec: CandidateSpec,
    strengths: dict[str, float],
    round_name: str,
    leniency: float,
) -> dict[str, PlannedScore]:
    """One scorecard's scores by dimension code; draws from `rng` in a fixed order."""
    skipped = NOT_ASSESSED_BY_ROUND.get(round_name, set())
    overrides = spec.overrides.get(round_name, {})
    scores: dict[str, PlannedScore] = {}
    for code in DIMENSION_CODES:
        raw = spec.ability + strengths[code] + leniency + rng.gauss(0, NOISE)
        if code in skipped:
            value = None
        elif code in overrides:
            value = overrides[code]
        else:
            value = min(5, max(1, round(raw)))
        scores[code] = PlannedScore(value)
    # A note on the dimensions that stood out, as raters tend to write.
    assessed = {code: s.value for code, s in scores.items() if s.value is not None}
    best = max(assessed, key=lambda code: assessed[code])
    worst = min(assessed, key=lambda code: assessed[code])
    note_index = rng.randrange(2)  # English or Chinese for the strong point
    scores[best] = PlannedScore(assessed[best], EVIDENCE[best][note_index])
    if assessed[worst] <= 3 and worst != best:
        scores[worst] = PlannedScore(assessed[worst], EVIDENCE[worst][2])
    return scores


def recommend(scores: dict[str, PlannedScore]) -> str:
    values = [s.value for s in scores.values() if s.value is not None]
    mean = sum(values) / len(values)
    if mean >= 4.3:
        return Recommendation.STRONG_YES
    if mean >= 3.5:
        return Recommendation.YES
    if mean >= 2.8:
        return Recommendation.NO_DECISION
    if mean >= 2.0:
        return Recommendation.NO
    return Recommendation.STRONG_NO


def at_ten(day: datetime) -> datetime:
    """10:00 local time on `day`: interviews happen in office hours."""
    return timezone.localtime(day).replace(hour=10, minute=0, second=0, microsecond=0)


APPLIED_AGO = timedelta(days=30)  # before the earliest round (ROUND_DAYS_AGO)


@dataclass
class _Tally:
    created: int = 0  # rows this run created
    candidates: int = 0
    interviews: int = 0
    scorecards: int = 0  # submitted, old or new


@transaction.atomic
def create_demo_data() -> DemoSummary:
    """Create whatever demo data is missing; needs the demo users (`create_demo_users`)."""
    users = get_user_model().objects.in_bulk(
        ["hr", "manager", "manager2", "interviewer"], field_name="username"
    )
    tally = _Tally()
    openings = _demo_openings(users, tally)
    interviewers = _demo_interviewers(users, tally)
    dimensions = {
        key: {d.code: d for d in opening.rubric.dimensions.all()}
        for key, opening in openings.items()
    }
    plans = {key: list(plan_rounds(opening)) for key, opening in openings.items()}
    rng = random.Random(SEED)
    now = timezone.now()
    for spec in CANDIDATES:
        # Drawn for every candidate, whether or not the rows exist: the same demo each run.
        strengths = {code: rng.gauss(0, STRENGTH_SPREAD) for code in DIMENSION_CODES}
        application = _demo_application(
            spec, openings[spec.opening], tally, by=users["hr"], applied_at=now - APPLIED_AGO
        )
        for round_name, interviewer_key, kind in spec.interviews:
            openings[spec.opening].interviewers.add(interviewers[interviewer_key])
            plan_round = plans[spec.opening][PLAN_POSITION[round_name]]
            scores = None
            if kind == SUBMITTED:
                scores = plan_scores(
                    rng=rng,
                    spec=spec,
                    strengths=strengths,
                    round_name=round_name,
                    leniency=INTERVIEWERS[interviewer_key].leniency,
                )
            _demo_interview(
                application=application,
                interviewer=interviewers[interviewer_key],
                plan_round=plan_round,
                scheduled_at=_interview_time(kind, round_name, now),
                scores=scores,
                dimensions=dimensions[spec.opening],
                entered_by=users["hr"],
                tally=tally,
            )
    # Imported here: demo_history draws its scores with this module's plan_scores.
    from candidates.devtools.demo_history import create_past_opening

    # After the open openings, so their rows keep the ids they always had.
    past = create_past_opening(users=users, interviewers=interviewers)
    return DemoSummary(
        openings=len(openings) + 1,
        candidates=tally.candidates + past.candidates,
        interviewers=len(interviewers),
        interviews=tally.interviews + past.interviews,
        scorecards=tally.scorecards + past.scorecards,
        created=tally.created + past.created,
        performance_records=past.records,
    )


def _demo_application(
    spec: CandidateSpec, opening: Opening, tally: _Tally, *, by, applied_at: datetime
) -> Application:
    candidate, new = Candidate.objects.get_or_create(
        email=spec.email,
        defaults={
            "name": spec.name,
            "current_company": spec.company,
            "current_title": spec.title,
            "years_experience": spec.years,
            "industries": spec.industries,
            "client_segments": spec.segments,
            "crm_systems": spec.crm,
        },
    )
    tally.created += new
    tally.candidates += 1
    application, new = Application.objects.get_or_create(
        candidate=candidate, opening=opening, defaults={"stage": spec.stage}
    )
    if new:
        # Applied a month ago, moved on by HR two days later: the timeline reads in order.
        Application.objects.filter(pk=application.pk).update(created_at=applied_at)
        application.created_at = applied_at
        moves = record_created_stages(
            applications=[application], by=by, at=applied_at + timedelta(days=2)
        )
        tally.created += 1 + len(moves)
    return application


def get_or_create_opening(details: dict, *, status: str) -> tuple[Opening, bool]:
    """A demo opening found by title, or made from `details` (title, rubric, client size,
    industry, description)."""
    return Opening.objects.get_or_create(
        title=details["title"],
        defaults={
            "rubric": Rubric.objects.get(name_en=details["rubric"]),
            "client_size": details["client_size"],
            "industry": details["industry"],
            "description": details["description"],
            "status": status,
        },
    )


def _demo_openings(users: dict, tally: _Tally) -> dict[str, Opening]:
    openings: dict[str, Opening] = {}
    for key, details in OPENINGS.items():
        opening, new = get_or_create_opening(details, status=OpeningStatus.OPEN)
        opening.hiring_managers.add(*(users[name] for name in details["hiring_managers"]))
        if not opening.rounds.exists():
            tally.created += len(start_plan_from_rubric(opening=opening))
        openings[key] = opening
        tally.created += new
    return openings


def _demo_interviewers(users: dict, tally: _Tally) -> dict[str, Interviewer]:
    interviewers: dict[str, Interviewer] = {}
    for key, person in INTERVIEWERS.items():
        interviewer, new = Interviewer.objects.get_or_create(
            name=person.name,
            defaults={"email": person.email, "user": users.get(person.username)},
        )
        interviewers[key] = interviewer
        tally.created += new
    return interviewers


def _interview_time(kind: str, round_name: str, now: datetime) -> datetime:
    if kind == SUBMITTED:
        return at_ten(now - timedelta(days=ROUND_DAYS_AGO[round_name]))
    if kind == OVERDUE:
        return at_ten(now - timedelta(days=OVERDUE_DAYS_AGO))
    if kind == HELD_TODAY:
        return (now - timedelta(hours=HELD_HOURS_AGO)).replace(minute=0, second=0, microsecond=0)
    return at_ten(now + timedelta(days=UPCOMING_DAYS_AHEAD))


def _demo_interview(
    *,
    application: Application,
    interviewer: Interviewer,
    plan_round: InterviewRound,
    scheduled_at: datetime,
    scores: dict[str, PlannedScore] | None,
    dimensions: dict,
    entered_by,
    tally: _Tally,
) -> None:
    """The interview, and its submitted scorecard when `scores` are planned (never replaced)."""
    interview, new = Interview.objects.get_or_create(
        application=application,
        interviewer=interviewer,
        round_name=plan_round.name_en,
        defaults={
            "round": plan_round,
            "scheduled_at": scheduled_at,
            "status": InterviewStatus.DONE if scores is not None else InterviewStatus.SCHEDULED,
            "created_at": min(application.created_at + timedelta(days=3), timezone.now()),
        },
    )
    tally.created += new
    tally.interviews += 1
    if scores is None:
        return
    tally.scorecards += 1
    if Scorecard.objects.filter(interview=interview).exists():
        return
    tally.created += create_scorecard(
        interview=interview, scores=scores, dimensions=dimensions, entered_by=entered_by
    )


def create_scorecard(
    *, interview: Interview, scores: dict[str, PlannedScore], dimensions: dict, entered_by
) -> int:
    """A submitted scorecard with a Score row for every rubric dimension; returns rows created.

    Dimensions the plan does not know (a rubric edited since) are stored as not assessed.
    """
    recommendation = recommend(scores)
    scorecard = Scorecard.objects.create(
        interview=interview,
        recommendation=recommendation,
        summary=SUMMARIES[recommendation],
        entered_by=entered_by,
        # Entered by HR from the paper form a few hours after the interview.
        submitted_at=interview.scheduled_at + timedelta(hours=4),
    )
    rows = Score.objects.bulk_create(
        Score(
            scorecard=scorecard,
            dimension=dimension,
            value=scores[code].value if code in scores else None,
            evidence=scores[code].evidence if code in scores else "",
        )
        for code, dimension in dimensions.items()
    )
    if interview.status != InterviewStatus.DONE:
        interview.status = InterviewStatus.DONE
        interview.save(update_fields=["status"])
    return 1 + len(rows)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_USERS = (
    # username, role, staff (may open the Django admin)
    ("hr", roles.HR, True),
    ("interviewer", roles.INTERVIEWER, False),
    ("manager", roles.MANAGER, False),
    ("manager2", roles.MANAGER, False),
    ("rubricadmin", roles.RUBRIC_ADMIN, True),
    ("admin", roles.ADMINISTRATOR, True),  # webhooks, chat channels and API tokens
)


def demo_password(username: str) -> str:
    """Demo passwords are public by design: these accounts exist only in demo data."""
    return f"{username}-demo-2026"


@transaction.atomic
def create_demo_users() -> list[DemoLogin]:
    """One user per role, with a known password; re-running resets them."""
    logins = []
    for username, role, staff in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = staff
        user.email = f"{username}@example.com"
        user.set_password(demo_password(username))
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        logins.append(DemoLogin(username, demo_password(username), role))
    return logins


@transaction.atomic
def create_demo() -> tuple[list[DemoLogin], DemoSummary]:
    """The demo users first (the demo data refers to them), then the demo data."""
    logins = create_demo_users()
    return logins, create_demo_data()
