"""The candidates app's domain events (candidates/signals.py), turned into jobs."""

from candidates.signals import SCORECARD_SUBMITTED
from notifications.tasks import announce_scorecard


def on_domain_event(sender: object, *, event: str, payload: dict, **kwargs: object) -> None:
    """Runs after the submission's commit; the job does the sending, off the request."""
    if event == SCORECARD_SUBMITTED and payload.get("scorecard", {}).get("submitted"):
        announce_scorecard.enqueue(scorecard_id=payload["scorecard"]["id"])
