"""An application's timeline: applied, stage moves and decisions, interviews, scorecards.

Built from prefetched rows (`timeline_prefetches`), so a candidate page asks
the same number of queries however long the history is. Oldest first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from candidates.models import Application, InterviewAction, InterviewChange, Stage, StageChange

APPLIED = "applied"
STAGE = "stage"  # HR (or an import) moved the stage
DECISION = "decision"  # a hiring manager decided
SCHEDULED = "scheduled"
RESCHEDULED = InterviewAction.RESCHEDULED.value
CANCELLED = InterviewAction.CANCELLED.value
SUBMITTED = "submitted"  # a scorecard
# Among events at the same moment, the order they happen in.
KIND_ORDER = {
    kind: order
    for order, kind in enumerate(
        [APPLIED, SCHEDULED, RESCHEDULED, CANCELLED, SUBMITTED, STAGE, DECISION]
    )
}


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    by: object = None  # the user who did it, None when unknown
    from_stage: str = ""  # "" when unknown (a decision from before the history was kept)
    to_stage: str = ""
    note: str = ""  # a stage move's note or an interview change's reason
    interview: object = None
    old_time: datetime | None = None
    new_time: datetime | None = None

    @property
    def from_label(self) -> str:
        return str(Stage(self.from_stage).label) if self.from_stage else ""

    @property
    def to_label(self) -> str:
        return str(Stage(self.to_stage).label) if self.to_stage else ""


def timeline_prefetches() -> list[Prefetch]:
    """What `application_timeline` reads, beyond the interviews and their scorecards."""
    return [
        Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
        Prefetch("interviews__changes", queryset=InterviewChange.objects.select_related("by")),
    ]


def application_timeline(application: Application) -> list[TimelineEntry]:
    """Every event of the application, oldest first, from prefetched rows only.

    Needs the interviews with their scorecards (`entered_by`) prefetched, and
    `timeline_prefetches`.
    """
    entries = [TimelineEntry(at=application.created_at, kind=APPLIED)]
    entries += [
        TimelineEntry(
            at=change.at,
            kind=DECISION if change.is_decision else STAGE,
            by=change.by,
            from_stage=change.from_stage,
            to_stage=change.to_stage,
            note=change.note,
        )
        for change in application.stage_changes.all()
    ]
    for interview in application.interviews.all():
        entries += interview_events(interview)
    return sorted(entries, key=lambda entry: (entry.at, KIND_ORDER[entry.kind]))


def interview_events(interview) -> list[TimelineEntry]:
    """Scheduled, each reschedule or cancellation, and the submitted scorecard."""
    changes = list(interview.changes.all())
    first_time = changes[0].old_scheduled_at if changes else interview.scheduled_at
    # Interviews from before the history was kept have no scheduling date: their first time.
    events = [
        TimelineEntry(
            at=interview.created_at or first_time,
            kind=SCHEDULED,
            interview=interview,
            new_time=first_time,
        )
    ]
    events += [
        TimelineEntry(
            at=change.at,
            kind=change.action,
            by=change.by,
            note=change.reason,
            interview=interview,
            old_time=change.old_scheduled_at,
            new_time=change.new_scheduled_at,
        )
        for change in changes
    ]
    scorecard = getattr(interview, "scorecard", None)
    if scorecard is not None and scorecard.is_submitted:
        events.append(
            TimelineEntry(
                at=scorecard.submitted_at,
                kind=SUBMITTED,
                by=scorecard.entered_by,
                interview=interview,
            )
        )
    return events
