"""Moving an application between stages, each move kept as a StageChange.

Nothing is overwritten: every move and every hiring manager's decision is its
own row. Application.stage is the latest move; Application.decided_by,
decided_at and decision_note repeat the latest decision, which only a decision
(`decision=True`, the manager's form on the shortlist) sets, so HR moving the
stage afterwards never credits the manager's decision to HR.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from candidates.models import Application, RankingVersion, Stage, StageChange
from candidates.signals import DECISION_RECORDED, STAGE_CHANGED, announce, stage_changed

DECISION_STAGES = {Stage.SHORTLISTED, Stage.OFFER, Stage.HIRED, Stage.REJECTED}
# Before any interview: an application here moves on when its first interview is set.
BEFORE_INTERVIEWS = (Stage.APPLIED, Stage.SCREENING)


def change_stage(
    *, application: Application, stage: str, by, note: str = "", decision: bool = False
) -> StageChange | None:
    """Move the application to `stage` and record who did it, when, from which stage and why.

    `decision` marks a hiring manager's decision (one of DECISION_STAGES); it is
    recorded even when the stage stays the same, and becomes the application's
    latest decision. A move to the stage it already has records nothing and
    returns None. The row is locked, so two people moving it at once are both
    recorded, each from the stage the other left. `application` is updated in
    place. Raises ValueError for an unknown stage or a decision to a stage
    that is not one.
    """
    if stage not in Stage.values or (decision and stage not in DECISION_STAGES):
        raise ValueError(f"not a stage for this move: {stage!r}")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.stage == stage and not decision:
            change = None
        else:
            change = StageChange.objects.create(
                application=locked,
                from_stage=locked.stage,
                to_stage=stage,
                is_decision=decision,
                note=note,
                by=by,
                at=timezone.now(),
            )
            locked.stage = stage
            fields = ["stage"]
            if decision:
                locked.decided_by, locked.decided_at = by, change.at
                locked.decision_note = note
                fields += ["decided_by", "decided_at", "decision_note"]
            locked.save(update_fields=fields)
            payload = stage_changed(application=locked, change=change)
            if change.from_stage != change.to_stage:
                announce(event=STAGE_CHANGED, payload=payload)
            if decision:
                announce(event=DECISION_RECORDED, payload=payload)
    application.stage = locked.stage
    if decision:
        application.decided_by, application.decided_at = locked.decided_by, locked.decided_at
        application.decision_note = locked.decision_note
    return change


def record_created_stages(
    *, applications: Iterable[Application], by, at: datetime | None = None
) -> list[StageChange]:
    """History for applications just created past `applied` (the import, the demo data).

    One query: each gets the move applied -> its stage, by `by`, at `at` (now by default).
    """
    moves = [(a, Stage.APPLIED, a.stage) for a in applications if a.stage != Stage.APPLIED]
    return _record_moves(moves, by=by, at=at or timezone.now())


def start_interviewing(*, application_ids: Iterable[int], by) -> list[StageChange]:
    """Applications still at applied or screening move to interviewing, each move recorded.

    Called in the transaction that schedules an interview (the page, the admin,
    the import): a candidate with interviews is being interviewed. Later stages
    (a decision, on hold, withdrawn) stay as they are. The rows are locked, so
    a manager's decision at the same moment is not overwritten.
    """
    with transaction.atomic():
        early = list(
            Application.objects.select_for_update(of=("self",))
            .select_related("opening")
            .filter(pk__in=list(application_ids), stage__in=BEFORE_INTERVIEWS)
            .order_by("pk")
        )
        if not early:
            return []
        Application.objects.filter(pk__in=[a.pk for a in early]).update(stage=Stage.INTERVIEWING)
        # An UPDATE sends no signal.
        RankingVersion.objects.changed(openings={a.opening_id for a in early})
        moves = [(a, a.stage, Stage.INTERVIEWING) for a in early]
        changes = _record_moves(moves, by=by, at=timezone.now())
        for application, change in zip(early, changes, strict=True):
            application.stage = Stage.INTERVIEWING
            announce(
                event=STAGE_CHANGED, payload=stage_changed(application=application, change=change)
            )
        return changes


def _record_moves(moves: list[tuple[Application, str, str]], *, by, at) -> list[StageChange]:
    """One StageChange per (application, from stage, to stage), in one query."""
    return StageChange.objects.bulk_create(
        StageChange(application=application, from_stage=old, to_stage=new, by=by, at=at)
        for application, old, new in moves
    )
