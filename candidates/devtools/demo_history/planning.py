"""The past opening's history drawn as plain values, counted from its creation; no queries."""

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from candidates.devtools.demo import PlannedScore, plan_scores
from candidates.devtools.demo_data import (
    CANDIDATES,
    DIMENSION_CODES,
    INTERVIEWERS,
    SARAH,
    STRENGTH_SPREAD,
    WU,
    ZHOU,
    CandidateSpec,
)
from candidates.devtools.demo_history.specs import (
    ABILITY_MEAN,
    ABILITY_SD,
    APPLICANTS,
    COMPANIES,
    CRM_SYSTEMS,
    CUSTOMER_WEIGHT,
    DRIFT,
    GIVEN_NAMES,
    HIRED,
    HISTORY_SEED,
    INDUSTRIES,
    INTERVIEW_HOURS,
    INTERVIEW_REJECTED,
    INTERVIEW_WITHDRAWN,
    LEFT_NOTE,
    NOTES,
    OFFER_DECLINED,
    PAST,
    PERFORMANCE_NOISE,
    PERFORMANCE_NOTES,
    PERIODS,
    REVIEWED_DAYS,
    ROUNDS,
    SCREEN_REJECTED,
    SCREEN_WITHDRAWN,
    SCREENED_OUT,
    SEGMENTS,
    SHORTLIST_REJECTED,
    SHORTLIST_REJECTS,
    SHORTLISTED,
    STANDOUT,
    SURNAMES,
    TITLES,
    TURNAROUND_HOURS,
)
from candidates.models import (
    Stage,
)


@dataclass(frozen=True)
class PastInterview:
    round_name: str
    interviewer: str  # key of demo_data.INTERVIEWERS
    scheduled_at: datetime
    submitted_at: datetime
    scores: dict[str, PlannedScore]


@dataclass(frozen=True)
class PastMove:
    from_stage: str
    to_stage: str
    at: datetime
    by: str  # demo username
    decision: bool = False
    note: str = ""


@dataclass(frozen=True)
class PastRecord:
    """One performance review; `values` are record_performance's fields."""

    period_months: int
    values: dict
    entered_at: datetime


@dataclass(frozen=True)
class PastCandidate:
    spec: CandidateSpec
    strengths: dict[str, float]
    outcome: str
    applied_at: datetime
    scheduled_on: datetime | None  # when the interviews were set up
    interviews: list[PastInterview] = field(default_factory=list)
    moves: list[PastMove] = field(default_factory=list)
    records: list[PastRecord] = field(default_factory=list)


def local_time(day: date, hour: int, minute: int = 0) -> datetime:
    """`day` at hour:minute in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _workday(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _office(rng: random.Random, day: date) -> datetime:
    """A time in office hours on the first working day from `day`."""
    return local_time(_workday(day), rng.randint(9, 17), rng.randrange(0, 60, 5))


def _after(rng: random.Random, moment: datetime, low: int, high: int) -> datetime:
    """Office hours `low`..`high` days after `moment`."""
    return _office(rng, timezone.localdate(moment) + timedelta(days=rng.randint(low, high)))


def _person(rng: random.Random, taken_names: set, taken_emails: set) -> tuple[str, str]:
    while True:
        (surname, surname_pinyin), (given, given_pinyin) = (
            rng.choice(SURNAMES),
            rng.choice(GIVEN_NAMES),
        )
        name, email = surname + given, f"{surname_pinyin}.{given_pinyin}@example.com"
        if name not in taken_names and email not in taken_emails:
            taken_names.add(name)
            taken_emails.add(email)
            return name, email


def _draw_spec(rng: random.Random, taken_names: set, taken_emails: set) -> CandidateSpec:
    name, email = _person(rng, taken_names, taken_emails)
    return CandidateSpec(
        name=name,
        email=email,
        company=rng.choice(COMPANIES),
        title=rng.choice(TITLES),
        years=rng.randint(2, 10),
        industries=["Retail banking", *rng.sample(INDUSTRIES, rng.randint(0, 1))],
        segments=list(rng.choice(SEGMENTS)),
        crm=rng.sample(CRM_SYSTEMS, rng.randint(1, 2)),
        opening=PAST,
        stage=Stage.APPLIED,  # replaced by the final stage once the outcomes are drawn
        ability=min(4.7, max(1.8, rng.gauss(ABILITY_MEAN, ABILITY_SD))),
    )


def _interviews(
    rng: random.Random, spec: CandidateSpec, strengths: dict, first: datetime, rounds: int
) -> list[PastInterview]:
    """`rounds` interviews, each by another demo interviewer, 4-7 days apart."""
    held = []
    day = timezone.localdate(first)
    for round_name, interviewer in zip(
        ROUNDS[:rounds], rng.sample([ZHOU, SARAH, WU], 3), strict=False
    ):
        scheduled_at = local_time(_workday(day), rng.choice(INTERVIEW_HOURS), rng.choice((0, 30)))
        low, high = TURNAROUND_HOURS[interviewer]
        submitted_at = scheduled_at + timedelta(minutes=rng.randint(low * 60, high * 60))
        scores = plan_scores(
            rng=rng,
            spec=spec,
            strengths=strengths,
            round_name=round_name,
            leniency=INTERVIEWERS[interviewer].leniency,
        )
        held.append(PastInterview(round_name, interviewer, scheduled_at, submitted_at, scores))
        day = timezone.localdate(scheduled_at) + timedelta(days=rng.randint(4, 7))
    return held


def _mean(interviews: list[PastInterview]) -> float:
    values = [s.value for i in interviews for s in i.scores.values() if s.value is not None]
    return sum(values) / len(values)


def plan_history(opened_at: datetime) -> list[PastCandidate]:
    """The past opening's 36 candidates, counted from the opening's creation; no queries.

    Every draw is made in the same order whatever `opened_at` is, so the
    history is the same on every database, shifted with its opening.
    """
    rng = random.Random(HISTORY_SEED)
    opened = timezone.localdate(opened_at)
    taken_names = {spec.name for spec in CANDIDATES} | {i.name for i in INTERVIEWERS.values()}
    taken_emails = {spec.email for spec in CANDIDATES} | {i.email for i in INTERVIEWERS.values()}
    people = []
    for _ in range(APPLICANTS):
        spec = _draw_spec(rng, taken_names, taken_emails)
        strengths = {code: rng.gauss(0, STRENGTH_SPREAD) for code in DIMENSION_CODES}
        people.append((spec, strengths))
    screened_out = rng.sample(range(APPLICANTS), SCREENED_OUT)
    interviewed = [i for i in range(APPLICANTS) if i not in screened_out]
    withdrew = rng.choice(interviewed)
    drafts: dict[int, dict] = {}
    for index, (spec, strengths) in enumerate(people):
        applied_at = local_time(opened + timedelta(days=rng.randint(22, 30)), rng.randint(8, 22))
        screening_at = _after(rng, applied_at, 1, 3)
        draft = {"applied_at": applied_at, "screening_at": screening_at, "scheduled_on": None}
        if index in interviewed:
            draft["scheduled_on"] = _after(rng, screening_at, 2, 4)
            first = draft["scheduled_on"] + timedelta(days=rng.randint(3, 5))
            rounds = 2 if index == withdrew else 3
            draft["interviews"] = _interviews(rng, spec, strengths, first, rounds)
        drafts[index] = draft
    outcomes = {index: SCREEN_REJECTED for index in screened_out[:-1]}
    outcomes[screened_out[-1]] = SCREEN_WITHDRAWN
    outcomes[withdrew] = INTERVIEW_WITHDRAWN
    finished = [i for i in interviewed if i != withdrew]
    ranked = sorted(finished, key=lambda i: (-_mean(drafts[i]["interviews"]), i))
    for index in ranked[SHORTLISTED:]:
        outcomes[index] = INTERVIEW_REJECTED
    shortlist = ranked[:SHORTLISTED]
    for position in rng.sample(range(SHORTLISTED - 6, SHORTLISTED), SHORTLIST_REJECTS):
        outcomes[shortlist[position]] = SHORTLIST_REJECTED
    outcomes[shortlist[rng.randrange(5)]] = OFFER_DECLINED  # a strong one had other offers
    for index in shortlist:
        outcomes.setdefault(index, HIRED)
    past = []
    for index, (spec, strengths) in enumerate(people):
        draft = drafts[index]
        moves = _moves(rng, outcomes[index], draft)
        past.append(
            PastCandidate(
                spec=replace(spec, stage=moves[-1].to_stage),
                strengths=strengths,
                outcome=outcomes[index],
                applied_at=draft["applied_at"],
                scheduled_on=draft["scheduled_on"],
                interviews=draft.get("interviews", []),
                moves=moves,
            )
        )
    return _with_records(rng, past, opened)


def _moves(rng: random.Random, outcome: str, draft: dict) -> list[PastMove]:
    """The stage history of one application, oldest first: HR moves it and, from the
    interviews on, the hiring manager decides (shortlist, offer, reject)."""

    def note(key: str) -> str:
        return rng.choice(NOTES[key])

    moves = [PastMove(Stage.APPLIED, Stage.SCREENING, draft["screening_at"], "hr")]
    if outcome in (SCREEN_REJECTED, SCREEN_WITHDRAWN):
        to = Stage.REJECTED if outcome == SCREEN_REJECTED else Stage.WITHDRAWN
        at = _after(rng, draft["screening_at"], 2, 6)
        return [*moves, PastMove(Stage.SCREENING, to, at, "hr", note=note(outcome))]
    moves.append(PastMove(Stage.SCREENING, Stage.INTERVIEWING, draft["scheduled_on"], "hr"))
    last_card = max(i.submitted_at for i in draft["interviews"])
    if outcome == INTERVIEW_WITHDRAWN:
        at = _after(rng, last_card, 1, 4)
        return [*moves, PastMove(Stage.INTERVIEWING, Stage.WITHDRAWN, at, "hr", note=note(outcome))]
    decided = _after(rng, last_card, 1, 3)  # the debrief, once every scorecard is in
    if outcome == INTERVIEW_REJECTED:
        return [
            *moves,
            PastMove(Stage.INTERVIEWING, Stage.REJECTED, decided, "manager", True, note(outcome)),
        ]
    moves.append(
        PastMove(
            Stage.INTERVIEWING, Stage.SHORTLISTED, decided, "manager", True, note(Stage.SHORTLISTED)
        )
    )
    if outcome == SHORTLIST_REJECTED:
        at = _after(rng, decided, 5, 10)
        return [
            *moves,
            PastMove(Stage.SHORTLISTED, Stage.REJECTED, at, "manager", True, note(outcome)),
        ]
    offered = _after(rng, decided, 3, 7)
    moves.append(
        PastMove(Stage.SHORTLISTED, Stage.OFFER, offered, "manager", True, note(Stage.OFFER))
    )
    last = Stage.WITHDRAWN if outcome == OFFER_DECLINED else Stage.HIRED
    at = _after(rng, offered, 4, 10)
    return [*moves, PastMove(Stage.OFFER, last, at, "hr", note=note(outcome))]


def _with_records(
    rng: random.Random, past: list[PastCandidate], opened: date
) -> list[PastCandidate]:
    """Each hire's reviews at 6 and 12 months, those dated within REVIEWED_DAYS of the
    opening; the weakest hire with a 12-month review left before it."""
    hires = [p for p in past if p.outcome == HIRED]
    performance = {
        p.spec.email: (p.spec.ability - ABILITY_MEAN)
        + CUSTOMER_WEIGHT * p.strengths[STANDOUT]
        + rng.gauss(0, PERFORMANCE_NOISE)
        for p in hires
    }
    last_review = opened + timedelta(days=REVIEWED_DAYS)
    year = timedelta(days=dict(PERIODS)[12])
    early = [p for p in hires if timezone.localdate(p.moves[-1].at) + year <= last_review]
    leaver = min(early, key=lambda p: performance[p.spec.email]).spec.email
    done = []
    for person in past:
        if person.outcome != HIRED:
            done.append(person)
            continue
        hired_on = timezone.localdate(person.moves[-1].at)
        level = performance[person.spec.email]
        records = []
        for months, days in PERIODS:
            measured_on = hired_on + timedelta(days=days)
            entered_at = _after(rng, local_time(measured_on, 12), 1, 6)
            values = _review(rng, level, person.strengths[STANDOUT])
            if months == 12 and person.spec.email == leaver:
                values = {"employed": False, "note": LEFT_NOTE}
            values |= {"measured_on": measured_on, "period_months": months}
            if measured_on <= last_review:
                records.append(PastRecord(months, values, entered_at))
            level += rng.gauss(0, DRIFT)
        done.append(replace(person, records=records))
    return done


def _review(rng: random.Random, level: float, customer: float) -> dict:
    """One review's measures from the performance level P (0 = an average hire)."""
    sales = min(140.0, max(60.0, 100 + 28 * level + rng.gauss(0, 8)))
    satisfaction = min(5.0, max(1.0, 3.9 + 0.5 * level + 0.4 * customer + rng.gauss(0, 0.15)))
    retention = min(100.0, max(70.0, 88 + 7 * level + rng.gauss(0, 3)))
    overall = min(5, max(1, round(3.2 + 1.4 * level + rng.gauss(0, 0.3))))
    band = "high" if overall >= 4 else "low" if overall <= 2 else "middle"
    return {
        "sales_attainment": Decimal(f"{sales:.1f}"),
        "customer_satisfaction": Decimal(f"{satisfaction:.1f}"),
        "retention": Decimal(f"{retention:.1f}"),
        "overall": overall,
        "employed": True,
        "note": rng.choice(PERFORMANCE_NOTES[band]),
    }
