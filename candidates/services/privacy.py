"""A candidate's rights under China's PIPL and the GDPR: erasure and access.

`anonymise_candidate` removes what identifies the candidate and keeps the
scores, so the statistics (means, agreement, interviewer leniency) do not
change. `export_candidate` gathers everything held about a candidate, for an
access request. Both record who did it and when (AuditEntry).

What anonymising removes: the name (replaced by the candidate code, e.g.
C-00012), e-mail, phone, current company and title, notes, the CV file (from
storage, after the transaction commits), and the free text others wrote about
the candidate (evidence on every score, scorecard summaries, decision notes and
the same texts kept in scorecard revisions). What stays: years of experience,
industries, client segments and CRM systems (not identifying, used to compare
candidates), applications with their stages and decisions, interviews, every
score value and recommendation.
"""

from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from candidates.models import (
    Application,
    AuditAction,
    AuditEntry,
    Candidate,
    Interview,
    Score,
    Scorecard,
    ScorecardRevision,
)

# Candidate fields emptied by anonymising; the name is replaced, the CV deleted.
CLEARED_FIELDS = ("email", "phone", "current_company", "current_title", "notes")


class AlreadyAnonymised(Exception):
    """The candidate was anonymised before; there is nothing left to remove."""


def log_action(
    *, action: AuditAction, actor, candidate: Candidate, data: dict | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        action=action, actor=actor, candidate=candidate, candidate_ref=candidate.pk, data=data or {}
    )


def anonymise_candidate(*, candidate: Candidate, by, reason: str) -> Candidate:
    """Remove the candidate's personal data in one transaction; scores stay.

    Raises AlreadyAnonymised when there is nothing left to do. The CV file is
    deleted from storage only once the transaction has committed. `candidate`
    is reloaded and returned.
    """
    with transaction.atomic():
        # Locked, so two HR staff anonymising at once do it once.
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.anonymised_at is not None:
            raise AlreadyAnonymised
        cv_name = locked.cv.name
        locked.name = locked.code
        for name in CLEARED_FIELDS:
            setattr(locked, name, "")
        locked.cv = ""
        locked.anonymised_at = timezone.now()
        locked.save()

        applications = Application.objects.filter(candidate=locked)
        applications.update(decision_note="")
        scorecards = Scorecard.objects.filter(interview__application__in=applications)
        scorecards.update(summary="")
        Score.objects.filter(scorecard__in=scorecards).update(evidence="")
        _scrub_revisions(ScorecardRevision.objects.filter(scorecard__in=scorecards))

        log_action(
            action=AuditAction.ANONYMISED,
            actor=by,
            candidate=locked,
            data={"reason": reason, "cv_deleted": bool(cv_name)},
        )
        if cv_name:
            transaction.on_commit(lambda: default_storage.delete(cv_name))
    candidate.refresh_from_db()
    return candidate


def _scrub_revisions(revisions) -> None:
    """Empty the old and new texts (summary, evidence) in recorded edits; scores stay."""
    changed = []
    for revision in revisions:
        changes = [
            {**change, "old": "", "new": ""} if _is_text(change["field"]) else change
            for change in revision.changes
        ]
        if changes != revision.changes:
            revision.changes = changes
            changed.append(revision)
    ScorecardRevision.objects.bulk_update(changed, ["changes"])


def _is_text(field: str) -> bool:
    return field == "summary" or field.endswith(":evidence")


# Access requests -------------------------------------------------------------------------


def export_candidate(*, candidate: Candidate, by) -> dict[str, Any]:
    """Everything held about the candidate, as JSON-ready data; the export itself is recorded.

    Times are ISO 8601 with their offset; users are their user names.
    """
    log_action(action=AuditAction.EXPORTED, actor=by, candidate=candidate)
    scores = Score.objects.select_related("dimension").order_by("dimension__order", "pk")
    revisions = ScorecardRevision.objects.select_related("edited_by").order_by("edited_at", "pk")
    interviews = (
        Interview.objects.select_related("interviewer", "scorecard__entered_by")
        .prefetch_related(
            Prefetch("scorecard__scores", queryset=scores),
            Prefetch("scorecard__revisions", queryset=revisions),
        )
        .order_by("scheduled_at", "pk")
    )
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("opening", "decided_by")
        .prefetch_related(Prefetch("interviews", queryset=interviews))
        .order_by("created_at", "pk")
    )
    audit = AuditEntry.objects.filter(candidate_ref=candidate.pk).select_related("actor")
    return {
        "exported_at": _when(timezone.now()),
        "exported_by": _who(by),
        "candidate": {
            "id": candidate.pk,
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "current_company": candidate.current_company,
            "current_title": candidate.current_title,
            "years_experience": candidate.years_experience,
            "industries": candidate.industries,
            "client_segments": candidate.client_segments,
            "crm_systems": candidate.crm_systems,
            "notes": candidate.notes,
            "cv": candidate.cv.name or None,
            "created_at": _when(candidate.created_at),
            "anonymised_at": _when(candidate.anonymised_at),
        },
        "applications": [_application(application) for application in applications],
        "audit": [
            {"action": entry.action, "by": _who(entry.actor), "at": _when(entry.at), **entry.data}
            for entry in audit.order_by("at", "pk")
        ],
    }


def _application(application: Application) -> dict[str, Any]:
    return {
        "opening": application.opening.title,
        "stage": application.stage,
        "applied_at": _when(application.created_at),
        "decision_note": application.decision_note,
        "decided_by": _who(application.decided_by),
        "decided_at": _when(application.decided_at),
        "interviews": [
            {
                "round": interview.round_name,
                "interviewer": interview.interviewer.name,
                "scheduled_at": _when(interview.scheduled_at),
                "status": interview.status,
                "scorecard": _scorecard(getattr(interview, "scorecard", None)),
            }
            for interview in application.interviews.all()
        ],
    }


def _scorecard(scorecard: Scorecard | None) -> dict[str, Any] | None:
    if scorecard is None:
        return None
    return {
        "recommendation": scorecard.recommendation,
        "summary": scorecard.summary,
        "entered_by": _who(scorecard.entered_by),
        "submitted_at": _when(scorecard.submitted_at),
        "updated_at": _when(scorecard.updated_at),
        "scores": [
            {
                "dimension": score.dimension.code,
                "dimension_name": score.dimension.name,
                "value": score.value,
                "evidence": score.evidence,
            }
            for score in scorecard.scores.all()
        ],
        "revisions": [
            {
                "edited_by": _who(revision.edited_by),
                "edited_at": _when(revision.edited_at),
                "reason": revision.reason,
                "changes": revision.changes,
            }
            for revision in scorecard.revisions.all()
        ],
    }


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _who(user) -> str | None:
    return user.get_username() if user else None
