"""Candidates with a planted history for the retention tests (service, page, command).

Days are local calendar days; a move happens at noon in the site's time zone, so
the day it closed is the same whatever the server's clock zone.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from candidates.models import Application, Candidate, StageChange, TalentPoolConsent
from candidates.selectors.retention import add_months
from candidates.services.retention import update_policy
from tests.factories import ApplicationFactory, CandidateFactory


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def months_before(day: date, months: int, *, days: int = 0) -> date:
    return add_months(day, -months) - timedelta(days=days)


def switch_on(months_not_hired: int = 24, months_talent_pool: int = 36, *, by=None) -> None:
    update_policy(
        by=by,
        enabled=True,
        months_not_hired=months_not_hired,
        months_talent_pool=months_talent_pool,
    )


def added(candidate: Candidate, day: date) -> Candidate:
    Candidate.objects.filter(pk=candidate.pk).update(created_at=noon(day))
    return candidate


def applied(candidate: Candidate, moves: list[tuple[str, date]], **fields) -> Application:
    """An application created the day before its first move, then moved as `moves` says."""
    application = ApplicationFactory(candidate=candidate, **fields)
    start = moves[0][1] - timedelta(days=1) if moves else timezone.localdate()
    stage = "applied"
    for to_stage, day in moves:
        StageChange.objects.create(
            application=application, from_stage=stage, to_stage=to_stage, at=noon(day)
        )
        stage = to_stage
    Application.objects.filter(pk=application.pk).update(stage=stage, created_at=noon(start))
    added(candidate, min(start, timezone.localdate()))
    application.refresh_from_db()
    return application


def closed_on(day: date, *, stage: str = "rejected", **fields) -> Candidate:
    """A candidate whose one application closed (`stage`) on `day`."""
    candidate = CandidateFactory(**fields)
    applied(candidate, [("screening", day - timedelta(days=1)), (stage, day)])
    return candidate


def consented(candidate: Candidate, day: date, *, withdrawn: date | None = None) -> None:
    TalentPoolConsent.objects.create(
        candidate=candidate,
        given_on=day,
        text="I agree to stay in the talent pool.",
        recorded_at=timezone.now(),
        withdrawn_on=withdrawn,
    )
