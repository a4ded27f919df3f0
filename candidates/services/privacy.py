"""A candidate's rights under China's PIPL and the GDPR: erasure and access.

`anonymise_candidate` removes what identifies the candidate and keeps the
scores, so the statistics (means, agreement, interviewer leniency) do not
change. `export_candidate` gathers everything held about a candidate, for an
access request. Both record who did it and when (AuditEntry).

What anonymising removes: the name (replaced by the candidate code, e.g.
C-00012), e-mail, phone, current company and title, notes, the CV file (from
storage, after the transaction commits), and the free text others wrote about
the candidate (evidence on every score, scorecard summaries, decision notes,
notes on stage moves, reasons for cancelled or moved interviews, notes on
performance records, and the same texts kept in scorecard revisions). What
stays: years of experience, industries, client segments and CRM systems (not
identifying, used to compare candidates), applications with their stages and
decisions, interviews, every score value and recommendation, and the measures
of performance records (the validity report needs them).
"""

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import (
    Application,
    AuditAction,
    AuditEntry,
    BackgroundWork,
    Candidate,
    Interview,
    InterviewChange,
    PerformanceRecord,
    Score,
    Scorecard,
    ScorecardRevision,
    StageChange,
)
from candidates.models.work import EXPORT_EXTENSIONS
from candidates.signals import CANDIDATE_ANONYMISED, announce, candidate_anonymised

# Candidate fields emptied by anonymising; the name is replaced, the CV deleted.
CLEARED_FIELDS = ("email", "phone", "current_company", "current_title", "notes")
# Django's admin keeps this much of an object's str in its log.
LOG_REPR_LENGTH = LogEntry._meta.get_field("object_repr").max_length


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
        old = {"name": locked.name, "email": locked.email, "phone": locked.phone}
        locked.name = locked.code
        for name in CLEARED_FIELDS:
            setattr(locked, name, "")
        locked.cv = ""
        locked.anonymised_at = timezone.now()
        locked.save()

        applications = Application.objects.filter(candidate=locked)
        applications.update(decision_note="")
        StageChange.objects.filter(application__in=applications).update(note="")
        InterviewChange.objects.filter(interview__application__in=applications).update(reason="")
        # The measures stay for the validity report; a note may name the person.
        PerformanceRecord.objects.filter(candidate=locked).update(note="")
        # Export files made in the background list the candidate among the others.
        exported = _export_files(applications)
        scorecards = Scorecard.objects.filter(interview__application__in=applications)
        # A scorecard page opened before now would save the old texts back: a new
        # version makes that save the usual conflict.
        scorecards.update(summary="", version=F("version") + 1, updated_at=timezone.now())
        Score.objects.filter(scorecard__in=scorecards).update(evidence="")
        _scrub_revisions(ScorecardRevision.objects.filter(scorecard__in=scorecards))
        _scrub_admin_log(candidate=locked, old_name=old["name"])

        log_action(
            action=AuditAction.ANONYMISED,
            actor=by,
            candidate=locked,
            data={
                "reason": _replaced(reason, values=old.values(), by=locked.code),
                "cv_deleted": bool(cv_name),
            },
        )
        for name in [cv_name, *exported]:
            if name:
                transaction.on_commit(lambda name=name: default_storage.delete(name))
        announce(
            event=CANDIDATE_ANONYMISED,
            payload=candidate_anonymised(
                candidate=locked, application_ids=list(applications.values_list("pk", flat=True))
            ),
        )
    candidate.refresh_from_db()
    return candidate


def _export_files(applications) -> list[str]:
    """The files of the exports made of the candidate's openings, emptied on their jobs."""
    works = BackgroundWork.objects.filter(
        opening__in=applications.values("opening_id"), kind__in=list(EXPORT_EXTENSIONS)
    ).exclude(result_file="")
    names = list(works.values_list("result_file", flat=True))
    works.update(result_file="")
    return names


def _scrub_revisions(revisions) -> None:
    """Empty the old and new texts (summary, evidence) in recorded edits; scores stay.

    The reason becomes a marker saying it was removed, in the language of whoever
    anonymised. Replacing only the name, e-mail and phone would keep more of it,
    but a reason names people as nobody can search for: the given name alone,
    赵晓雨 for Zhao Xiaoyu, a nickname, their employer. The edit stays useful as a
    record: who changed which score from what to what, and when; the evidence
    and summary it changed are removed in full for the same reason.
    """
    marker = _("(removed when the candidate was anonymised)")
    changed = []
    for revision in revisions:
        revision.changes = [
            {**change, "old": "", "new": ""} if _is_text(change["field"]) else change
            for change in revision.changes
        ]
        revision.reason = marker if revision.reason else ""
        changed.append(revision)
    ScorecardRevision.objects.bulk_update(changed, ["changes", "reason"])


def _is_text(field: str) -> bool:
    return field == "summary" or field.endswith(":evidence")


def _replaced(text: str, *, values: Iterable[str], by: str) -> str:
    """`text` with each of `values` (ignoring case, longest first) replaced by `by`."""
    for value in sorted(filter(None, values), key=len, reverse=True):
        text = re.sub(re.escape(value), lambda _match: by, text, flags=re.IGNORECASE)
    return text


# Django admin's log ----------------------------------------------------------------------


def _scrub_admin_log(*, candidate: Candidate, old_name: str) -> None:
    """Take the old name out of the admin's log ("Recent actions", each object's history).

    The admin keeps str(obj) when it logs a change (`object_repr`), and in
    `change_message` the str of each inline object added, changed or deleted
    with it; those strs start with the candidate's name ("name → opening ·
    round · interviewer"). Entries of the candidate's objects get the object's
    str as it is now, with the code, whatever name they were logged under. In
    other entries (a deleted interview, an opening whose application was added
    inline) a leading old name becomes the code: of a deleted object nobody can
    tell whose it was, so a namesake's may be renamed too, a name removed once
    too often rather than kept. Entries of a namesake's existing objects stay.
    """
    kinds, current = _current_reprs(candidate)
    own = Q()
    for kind in kinds:
        ids = [object_id for content_type, object_id in current if content_type == kind]
        own |= Q(content_type_id=kind, object_id__in=ids)
    named = (
        Q(object_repr__startswith=old_name)
        | Q(change_message__contains=old_name)
        | Q(change_message__contains=json.dumps(old_name)[1:-1])  # as the admin stores it
    )
    changed = []
    for entry in LogEntry.objects.filter(own | named):
        key = (entry.content_type_id, entry.object_id)
        if key in current:
            object_repr = current[key]
        elif entry.content_type_id in kinds and _still_exists(entry):
            continue  # a namesake's
        else:
            object_repr = _renamed(entry.object_repr, old_name, candidate.code)
        message = _renamed_in_message(entry.change_message, old_name, candidate.code)
        if (object_repr, message) != (entry.object_repr, entry.change_message):
            entry.object_repr, entry.change_message = object_repr, message
            changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["object_repr", "change_message"])


def _current_reprs(candidate: Candidate) -> tuple[set[int], dict[tuple[int, str], str]]:
    """The content types whose str names a candidate, and the str of each of this one's objects.

    Keyed as the admin's log keys them: (content type id, object id as text).
    """
    interview = ("application__candidate", "application__opening", "interviewer")
    querysets = [
        Candidate.objects.filter(pk=candidate.pk),
        Application.objects.filter(candidate=candidate).select_related("candidate", "opening"),
        Interview.objects.filter(application__candidate=candidate).select_related(*interview),
        Scorecard.objects.filter(interview__application__candidate=candidate).select_related(
            *(f"interview__{path}" for path in interview)
        ),
        ScorecardRevision.objects.filter(
            scorecard__interview__application__candidate=candidate
        ).select_related(*(f"scorecard__interview__{path}" for path in interview)),
    ]
    kinds: set[int] = set()
    reprs: dict[tuple[int, str], str] = {}
    for queryset in querysets:
        kind = ContentType.objects.get_for_model(queryset.model).pk
        kinds.add(kind)
        for obj in queryset:
            reprs[(kind, str(obj.pk))] = str(obj)[:LOG_REPR_LENGTH]
    return kinds, reprs


def _still_exists(entry: LogEntry) -> bool:
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    try:
        return model is not None and model._base_manager.filter(pk=entry.object_id).exists()
    except (ValueError, ValidationError):  # an object id that is not this model's key
        return False


def _renamed(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced, if it is the str of the candidate or of one of theirs.

    A str cut at LOG_REPR_LENGTH may end inside the arrow.
    """
    rest = text[len(old) :]
    if text.startswith(old) and (rest.startswith(" → ") or " → ".startswith(rest)):
        return new + rest
    return text


def _renamed_in_message(message: str, old: str, new: str) -> str:
    """The admin's change message renamed: JSON, or plain text from before Django 1.10."""
    try:
        data = json.loads(message)
    except ValueError:
        return _renamed(message, old, new)
    renamed = _renamed_in(data, old, new)
    return message if renamed == data else json.dumps(renamed)


def _renamed_in(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return _renamed(value, old, new)
    if isinstance(value, list):
        return [_renamed_in(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _renamed_in(item, old, new) for key, item in value.items()}
    return value


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
            Prefetch("changes", queryset=InterviewChange.objects.select_related("by")),
        )
        .order_by("scheduled_at", "pk")
    )
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("opening", "decided_by")
        .prefetch_related(
            Prefetch("interviews", queryset=interviews),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
        )
        .order_by("created_at", "pk")
    )
    audit = AuditEntry.objects.filter(candidate_ref=candidate.pk).select_related("actor")
    consents = candidate.talent_pool_consents.select_related(
        "recorded_by", "withdrawal_recorded_by"
    ).order_by("recorded_at", "pk")
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
        "performance": [_performance(record) for record in candidate.performance_records.all()],
        "talent_pool_consents": [_consent(consent) for consent in consents],
        "audit": [
            {"action": entry.action, "by": _who(entry.actor), "at": _when(entry.at), **entry.data}
            for entry in audit.order_by("at", "pk")
        ],
    }


def _performance(record: PerformanceRecord) -> dict[str, Any]:
    """A post-hire record; decimals as strings, as typed."""
    return {
        "measured_on": record.measured_on.isoformat(),
        "period_months": record.period_months,
        "sales_attainment": _decimal(record.sales_attainment),
        "customer_satisfaction": _decimal(record.customer_satisfaction),
        "retention": _decimal(record.retention),
        "overall": record.overall,
        "employed": record.employed,
        "note": record.note,
        "entered_by": _who(record.entered_by),
        "entered_at": _when(record.entered_at),
    }


def _consent(consent) -> dict[str, Any]:
    """A talent-pool consent as given, and its withdrawal if any."""
    return {
        "given_on": consent.given_on.isoformat(),
        "text": consent.text,
        "recorded_by": _who(consent.recorded_by),
        "recorded_at": _when(consent.recorded_at),
        "withdrawn_on": consent.withdrawn_on.isoformat() if consent.withdrawn_on else None,
        "withdrawal_recorded_by": _who(consent.withdrawal_recorded_by),
        "withdrawal_recorded_at": _when(consent.withdrawal_recorded_at),
    }


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def _application(application: Application) -> dict[str, Any]:
    return {
        "opening": application.opening.title,
        "stage": application.stage,
        "applied_at": _when(application.created_at),
        "decision_note": application.decision_note,
        "decided_by": _who(application.decided_by),
        "decided_at": _when(application.decided_at),
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "decision": change.is_decision,
                "note": change.note,
                "by": _who(change.by),
                "at": _when(change.at),
            }
            for change in application.stage_changes.all()
        ],
        "interviews": [
            {
                "round": interview.round_name,
                "interviewer": interview.interviewer.name,
                "scheduled_at": _when(interview.scheduled_at),
                "status": interview.status,
                "changes": [
                    {
                        "action": change.action,
                        "old_scheduled_at": _when(change.old_scheduled_at),
                        "new_scheduled_at": _when(change.new_scheduled_at),
                        "reason": change.reason,
                        "by": _who(change.by),
                        "at": _when(change.at),
                    }
                    for change in interview.changes.all()
                ],
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
