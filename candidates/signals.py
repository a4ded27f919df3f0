"""Domain events: what happened to an application, announced to whoever listens.

The candidates app must not know its listeners (webhooks, notifications live in
apps above it), so a service announces the change with a plain Django signal
and the listening app connects a receiver in its AppConfig.ready.
"""

from django.db import transaction
from django.dispatch import Signal

SCORECARD_SUBMITTED = "scorecard.submitted"
STAGE_CHANGED = "application.stage_changed"
DECISION_RECORDED = "decision.recorded"
CANDIDATE_ANONYMISED = "candidate.anonymised"
EVENTS = (SCORECARD_SUBMITTED, STAGE_CHANGED, DECISION_RECORDED, CANDIDATE_ANONYMISED)

# Sent with `event` (a dotted name such as "scorecard.submitted") and `payload`
# (JSON-ready data: ids and a few fields, never a candidate's name or e-mail).
domain_event = Signal()


def announce(*, event: str, payload: dict) -> None:
    """Send `domain_event` once the current transaction commits; never if it rolls back.

    Called inside the service's transaction.atomic, so a write that fails sends
    nothing. Receivers run after the commit: an error in one is logged and
    reaches neither the others nor the user whose change it was.
    """
    transaction.on_commit(
        lambda: domain_event.send_robust(sender=None, event=event, payload=payload), robust=True
    )


# The payloads. Ids and the few fields a receiver needs to act or to look the rest up;
# no name (a blind-review opening hides it, and an anonymised candidate has none), no
# e-mail, no free text (notes and evidence may name people).


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _application(application) -> dict:
    """The opening, application and candidate of an event; reads `application.opening`."""
    return {
        "opening": {"id": application.opening_id, "title": application.opening.title},
        "application": {"id": application.pk, "stage": application.stage},
        "candidate": {"id": application.candidate_id},
    }


def scorecard_submitted(scorecard, interview) -> dict:
    return {
        **_application(interview.application),
        "interview": {"id": interview.pk},
        "scorecard": {
            "id": scorecard.pk,
            "submitted": scorecard.submitted_at is not None,
            "submitted_at": _when(scorecard.submitted_at),
            "recommendation": scorecard.recommendation,
        },
    }


def stage_changed(*, application, change) -> dict:
    """A StageChange as an event; `change.is_decision` tells a manager's decision apart."""
    return {
        **_application(application),
        "stage": {"from": change.from_stage or None, "to": change.to_stage},
        "decision": change.to_stage if change.is_decision else None,
        "changed_at": _when(change.at),
    }


def candidate_anonymised(*, candidate, application_ids: list[int]) -> dict:
    return {
        "candidate": {"id": candidate.pk, "anonymised_at": _when(candidate.anonymised_at)},
        "applications": [{"id": pk} for pk in application_ids],
    }
