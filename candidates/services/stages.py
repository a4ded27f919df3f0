"""Moving an application between stages."""

from django.utils import timezone

from candidates.models import Application, Stage

DECISION_STAGES = {Stage.SHORTLISTED, Stage.OFFER, Stage.HIRED, Stage.REJECTED}


def change_stage(*, application: Application, stage: str, by, note: str = "") -> Application:
    """Set the stage; moves that decide something record who decided and when."""
    application.stage = stage
    fields = ["stage"]
    if stage in DECISION_STAGES:
        application.decided_by = by
        application.decided_at = timezone.now()
        fields += ["decided_by", "decided_at"]
        if note:
            application.decision_note = note
            fields.append("decision_note")
    application.save(update_fields=fields)
    return application
