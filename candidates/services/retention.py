"""Keeping candidate data lawfully: the retention policy, talent-pool consent, the daily run.

The rule of who is past their period is in candidates.selectors.retention.
`apply_retention` anonymises those candidates with the usual
`anonymise_candidate` (scores stay, so statistics do not move), one candidate
per transaction with the candidate's row locked and the rule checked again
under the lock: two runs at once, or HR recording a consent meanwhile, never
anonymise anyone twice or anyone no longer due.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates.models import (
    POLICY_PK,
    Candidate,
    RetentionPolicy,
    RetentionPolicyChange,
    RetentionRun,
    TalentPoolConsent,
)
from candidates.selectors.retention import (
    DueCandidate,
    candidate_retention,
    current_policy,
    due_candidates,
)
from candidates.services.privacy import AlreadyAnonymised, anonymise_candidate

POLICY_FIELDS = ("enabled", "months_not_hired", "months_talent_pool")


class ConsentRefused(Exception):
    """The consent or withdrawal cannot be recorded; `field` is the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# The policy -------------------------------------------------------------------------------


def update_policy(
    *, by, enabled: bool, months_not_hired: int, months_talent_pool: int
) -> RetentionPolicy:
    """Save the policy and record who changed which value from what to what.

    Periods in calendar months. Saving the same values records nothing.
    Raises ValidationError for values the model refuses.
    """
    new = {
        "enabled": enabled,
        "months_not_hired": months_not_hired,
        "months_talent_pool": months_talent_pool,
    }
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(pk=POLICY_PK)
        changes = [
            {"field": name, "old": getattr(policy, name), "new": value}
            for name, value in new.items()
            if getattr(policy, name) != value
        ]
        if not changes:
            return policy
        for name, value in new.items():
            setattr(policy, name, value)
        now = timezone.now()
        policy.updated_by, policy.updated_at = by, now
        policy.full_clean()
        policy.save()
        RetentionPolicyChange.objects.create(changed_by=by, changed_at=now, changes=changes)
    return policy


# Talent-pool consent ----------------------------------------------------------------------


def _locked_candidate(candidate: Candidate) -> Candidate:
    """The candidate's row, locked: the retention run locks it too before anonymising."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.anonymised_at is not None:
        raise ConsentRefused(_("This candidate was anonymised: there is nothing left to keep."))
    return locked


def record_consent(*, candidate: Candidate, by, given_on: date, text: str) -> TalentPoolConsent:
    """Record that the candidate agreed on `given_on` to `text` (exactly as they saw it).

    A candidate who consented before and consents again (a renewal) gets a new
    row; the latest consent given counts. Raises ConsentRefused.
    """
    text = text.strip()
    if not text:
        raise ConsentRefused(_("Paste the text the candidate agreed to."), field="text")
    if given_on > timezone.localdate():
        raise ConsentRefused(_("The consent cannot be given in the future."), field="given_on")
    with transaction.atomic():
        locked = _locked_candidate(candidate)
        return TalentPoolConsent.objects.create(
            candidate=locked,
            given_on=given_on,
            text=text,
            recorded_by=by,
            recorded_at=timezone.now(),
        )


def withdraw_consent(*, candidate: Candidate, by, withdrawn_on: date) -> int:
    """Date the withdrawal of every consent still standing; returns how many.

    From then on the candidate is kept for the usual period only. Raises
    ConsentRefused when no consent stands or the date is impossible.
    """
    if withdrawn_on > timezone.localdate():
        raise ConsentRefused(_("The withdrawal cannot be in the future."), field="withdrawn_on")
    with transaction.atomic():
        locked = _locked_candidate(candidate)
        standing = TalentPoolConsent.objects.filter(candidate=locked, withdrawn_on__isnull=True)
        latest = standing.order_by("-given_on").values_list("given_on", flat=True).first()
        if latest is None:
            raise ConsentRefused(_("This candidate has no consent to withdraw."))
        if withdrawn_on < latest:
            raise ConsentRefused(
                _("The withdrawal cannot be before the consent was given (%(date)s).")
                % {"date": latest.isoformat()},
                field="withdrawn_on",
            )
        return standing.update(
            withdrawn_on=withdrawn_on,
            withdrawal_recorded_by=by,
            withdrawal_recorded_at=timezone.now(),
        )


# The daily run ----------------------------------------------------------------------------

WOULD_GO, ANONYMISED, SKIPPED = "would_go", "anonymised", "skipped"


@dataclass(frozen=True)
class RunLine:
    """One candidate the run found: `outcome` is WOULD_GO, ANONYMISED or SKIPPED."""

    candidate: DueCandidate
    outcome: str


@dataclass
class RetentionReport:
    run: RetentionRun
    lines: list[RunLine] = field(default_factory=list)


def apply_retention(*, dry_run: bool, by=None, today: date | None = None) -> RetentionReport:
    """Anonymise every candidate past the policy's period, or only list them.

    A dry run, or a run while the policy is off, changes no candidate. Either
    way the run is recorded (RetentionRun). `today` is a local calendar day
    (default: today); a candidate is due the day after their `keep_until`.
    The anonymising reason is in the site's language (LANGUAGE_CODE), whoever
    runs it. A second run finds nobody the first one anonymised.
    """
    today = today or timezone.localdate()
    policy = current_policy()
    run = RetentionRun.objects.create(
        started_at=timezone.now(), dry_run=dry_run, policy_enabled=policy.enabled, by=by
    )
    due = due_candidates(policy=policy, today=today)
    report = RetentionReport(run=run)
    for candidate in due:
        if dry_run or not policy.enabled:
            outcome = WOULD_GO
        else:
            outcome = _anonymise_if_due(pk=candidate.pk, policy=policy, today=today)
        report.lines.append(RunLine(candidate, outcome))
    run.found = len(due)
    run.anonymised = sum(line.outcome == ANONYMISED for line in report.lines)
    run.skipped = sum(line.outcome == SKIPPED for line in report.lines)
    run.finished_at = timezone.now()
    run.save(update_fields=["found", "anonymised", "skipped", "finished_at"])
    return report


def _anonymise_if_due(*, pk: int, policy: RetentionPolicy, today: date) -> str:
    with transaction.atomic():
        # Locked first and checked again: another run, or a consent recorded since the
        # list was read, may have changed the answer.
        locked = Candidate.objects.select_for_update().filter(pk=pk).first()
        if locked is None:
            return SKIPPED
        retention = candidate_retention(locked, policy)
        if not retention.is_due(today):
            return SKIPPED
        with translation.override(settings.LANGUAGE_CODE):
            reason = retention.reason()
        try:
            anonymise_candidate(candidate=locked, by=None, reason=reason)
        except AlreadyAnonymised:
            return SKIPPED
    return ANONYMISED
