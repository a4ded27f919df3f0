"""A small opening with a hand-built history, shared by the funnel's selector and page tests.

Times are UTC; T0 is Monday 2 March 2026, 02:00 UTC (10:00 in Shanghai), so
every interview below falls in ISO week 10 or 11 in the site's time zone.

- A: created T0; screening +1d, interviewing +3d, shortlisted +6d (decision),
  offer +8d (decision), hired +10d.
- B: created T0; interviewing +2d, rejected +4d (decision).
- C: created T0+1d; screening +2d, withdrawn +5d.
- D: created T0+2d; still applied.

Interviews: Ann meets A at +3d (card after 5 h), B at +3.5d (card after 25 h),
A again at +8d (no card yet) and A at +9d (cancelled); Bob meets A at +4d (card
after 2 h).
"""

from datetime import UTC, datetime, timedelta

from candidates.models import Application, InterviewStatus, Scorecard, StageChange
from tests.factories import ApplicationFactory, InterviewerFactory, InterviewFactory

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def at(days: float, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def application(opening, name: str, created: float, stage: str, moves: list) -> Application:
    """`moves`: (from stage, to stage, days after T0, is a decision)."""
    made = ApplicationFactory(opening=opening, candidate__name=name, stage=stage)
    Application.objects.filter(pk=made.pk).update(created_at=at(created))
    StageChange.objects.bulk_create(
        StageChange(
            application=made, from_stage=old, to_stage=new, at=at(days), is_decision=decision
        )
        for old, new, days, decision in moves
    )
    return made


def interview(application, interviewer, days: float, *, card_after: float | None = None, **kw):
    made = InterviewFactory(
        application=application, interviewer=interviewer, scheduled_at=at(days), **kw
    )
    if card_after is not None:
        Scorecard.objects.create(interview=made, submitted_at=at(days, card_after))
    return made


def build_history(opening) -> dict[str, Application]:
    a = application(
        opening,
        "A",
        0,
        "hired",
        [
            ("applied", "screening", 1, False),
            ("screening", "interviewing", 3, False),
            ("interviewing", "shortlisted", 6, True),
            ("shortlisted", "offer", 8, True),
            ("offer", "hired", 10, False),
        ],
    )
    b = application(
        opening,
        "B",
        0,
        "rejected",
        [("applied", "interviewing", 2, False), ("interviewing", "rejected", 4, True)],
    )
    c = application(
        opening,
        "C",
        1,
        "withdrawn",
        [("applied", "screening", 2, False), ("screening", "withdrawn", 5, False)],
    )
    d = application(opening, "D", 2, "applied", [])
    ann, bob = InterviewerFactory(name="Ann"), InterviewerFactory(name="Bob")
    interview(a, ann, 3, card_after=5)
    interview(b, ann, 3.5, card_after=25)
    interview(a, ann, 8)
    interview(a, ann, 9, status=InterviewStatus.CANCELLED)
    interview(a, bob, 4, card_after=2)
    return {"A": a, "B": b, "C": c, "D": d}
