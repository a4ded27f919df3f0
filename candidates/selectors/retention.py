"""When a candidate's data goes under the retention policy, and who is past it.

The rule, in calendar months of the site's time zone:

- Hired (an application at, or ever moved to, Hired): never removed by the policy.
- An application still open (any stage but Hired, Rejected and Withdrawn, so an
  offer or an application on hold too): kept while it is open.
- Otherwise the period starts when the last application closed: the latest of
  each closed application's stage moves (StageChange.at), its decision time and
  its creation (an application closed before the stage history was kept has no
  moves). A candidate never put on an opening counts from when they were added.
- A standing talent-pool consent (given, not withdrawn) uses the talent-pool
  period, counted from the consent or that start, whichever is later. A
  withdrawn consent counts for nothing: the usual period applies.
- The candidate is past the period on the day after `keep_until`.

`retention_facts` reads what the rule needs in a fixed number of queries;
`retention_of` is the rule itself, on plain data.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import (
    POLICY_PK,
    Application,
    Candidate,
    RetentionPolicy,
    RetentionPolicyChange,
    RetentionRun,
    Stage,
    StageChange,
    TalentPoolConsent,
)

CLOSED_STAGES = (Stage.REJECTED, Stage.WITHDRAWN)

# What a candidate's keeping depends on (Retention.kind).
ANONYMISED, HIRED, OPEN, KEPT_UNTIL = "anonymised", "hired", "open", "kept_until"
# Where the period is counted from (Retention.basis).
CLOSED, ADDED, POOL, POOL_NO_APPLICATION = "closed", "added", "pool", "pool_no_application"


@dataclass(frozen=True)
class RetentionFacts:
    """What the rule looks at for one candidate; dates are local calendar days."""

    anonymised: bool
    hired: bool
    open: bool
    last_closed: date | None
    added_on: date
    consent_on: date | None


@dataclass(frozen=True)
class Retention:
    """How long one candidate is kept; `keep_until` only for KEPT_UNTIL."""

    kind: str
    enabled: bool
    keep_until: date | None = None
    months: int | None = None
    basis: str = ""

    def is_due(self, today: date) -> bool:
        return self.kind == KEPT_UNTIL and self.keep_until is not None and self.keep_until < today

    def explanation(self) -> str:
        """What the period is counted from, as a clause ("24 months after …")."""
        months = self.months or 0
        if self.basis == POOL:
            text = ngettext(
                "%(months)d month after the talent-pool consent or the last application "
                "closed, whichever is later",
                "%(months)d months after the talent-pool consent or the last application "
                "closed, whichever is later",
                months,
            )
        elif self.basis == POOL_NO_APPLICATION:
            text = ngettext(
                "%(months)d month after the talent-pool consent",
                "%(months)d months after the talent-pool consent",
                months,
            )
        elif self.basis == ADDED:
            text = ngettext(
                "%(months)d month after the candidate was added, never having applied",
                "%(months)d months after the candidate was added, never having applied",
                months,
            )
        else:
            text = ngettext(
                "%(months)d month after the last application closed",
                "%(months)d months after the last application closed",
                months,
            )
        return text % {"months": months}

    def reason(self) -> str:
        """The reason recorded when the policy anonymises the candidate."""
        return _("Retention policy: %(explanation)s") % {"explanation": self.explanation()}


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months on; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def retention_of(facts: RetentionFacts, policy: RetentionPolicy) -> Retention:
    """The rule of the module docstring, for one candidate."""
    enabled = policy.enabled
    if facts.anonymised:
        return Retention(ANONYMISED, enabled)
    if facts.hired:
        return Retention(HIRED, enabled)
    if facts.open:
        return Retention(OPEN, enabled)
    start = facts.last_closed or facts.added_on
    if facts.consent_on is not None:
        months = policy.months_talent_pool
        basis = POOL if facts.last_closed else POOL_NO_APPLICATION
        start = max(start, facts.consent_on)
    else:
        months = policy.months_not_hired
        basis = CLOSED if facts.last_closed else ADDED
    return Retention(KEPT_UNTIL, enabled, add_months(start, months), months, basis)


def retention_facts(candidates: QuerySet[Candidate]) -> dict[int, RetentionFacts]:
    """RetentionFacts by candidate id, for every candidate of `candidates`, in three queries."""
    rows = list(candidates.values_list("pk", "created_at", "anonymised_at"))
    ids = [pk for pk, _created, _anonymised in rows]
    hired_move = StageChange.objects.filter(application=OuterRef("pk"), to_stage=Stage.HIRED)
    applications = (
        Application.objects.filter(candidate_id__in=ids)
        .annotate(last_move=Max("stage_changes__at"), ever_hired=Exists(hired_move))
        .values_list("candidate_id", "stage", "created_at", "decided_at", "last_move", "ever_hired")
    )
    hired: set[int] = set()
    still_open: set[int] = set()
    last_closed: dict[int, date] = {}
    for candidate_id, stage, created_at, decided_at, last_move, ever_hired in applications:
        if ever_hired or stage == Stage.HIRED:
            hired.add(candidate_id)
        elif stage not in CLOSED_STAGES:
            still_open.add(candidate_id)
        else:
            closed = timezone.localdate(max(filter(None, (created_at, decided_at, last_move))))
            last_closed[candidate_id] = max(closed, last_closed.get(candidate_id, closed))
    consents = dict(
        TalentPoolConsent.objects.filter(candidate_id__in=ids, withdrawn_on__isnull=True)
        .values("candidate_id")
        .annotate(latest=Max("given_on"))
        .values_list("candidate_id", "latest")
    )
    return {
        pk: RetentionFacts(
            anonymised=anonymised_at is not None,
            hired=pk in hired,
            open=pk in still_open,
            last_closed=last_closed.get(pk),
            added_on=timezone.localdate(created_at),
            consent_on=consents.get(pk),
        )
        for pk, created_at, anonymised_at in rows
    }


def current_policy() -> RetentionPolicy:
    """The stored policy, or the defaults (off) before an administrator first saves one."""
    return RetentionPolicy.objects.filter(pk=POLICY_PK).first() or RetentionPolicy(pk=POLICY_PK)


def candidate_retention(candidate: Candidate, policy: RetentionPolicy | None = None) -> Retention:
    policy = policy or current_policy()
    facts = retention_facts(Candidate.objects.filter(pk=candidate.pk))[candidate.pk]
    return retention_of(facts, policy)


@dataclass(frozen=True)
class DueCandidate:
    pk: int
    code: str
    name: str
    retention: Retention


def due_candidates(*, policy: RetentionPolicy, today: date) -> list[DueCandidate]:
    """Candidates not anonymised yet whose period ended before `today`, oldest first."""
    candidates = Candidate.objects.filter(anonymised_at__isnull=True)
    facts = retention_facts(candidates)
    names = dict(candidates.values_list("pk", "name"))
    due = []
    for pk, fact in facts.items():
        retention = retention_of(fact, policy)
        if retention.is_due(today):
            due.append(DueCandidate(pk, Candidate(pk=pk).code, names.get(pk, ""), retention))
    return sorted(due, key=lambda row: (row.retention.keep_until, row.pk))


def consent_history(candidate: Candidate) -> list[TalentPoolConsent]:
    """The candidate's consents, latest given first, with who recorded them."""
    return list(
        candidate.talent_pool_consents.select_related("recorded_by", "withdrawal_recorded_by")
    )


def has_standing_consent(candidate: Candidate) -> bool:
    return candidate.talent_pool_consents.filter(withdrawn_on__isnull=True).exists()


@dataclass(frozen=True)
class PolicyChangeLine:
    label: str
    old: str
    new: str


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return _("on") if value else _("off")
    return str(value)


def policy_history(limit: int = 50) -> list[tuple[RetentionPolicyChange, list[PolicyChangeLine]]]:
    """The latest policy changes, each with its fields' labels and old and new values."""
    rows = []
    for change in RetentionPolicyChange.objects.select_related("changed_by")[:limit]:
        lines = [
            PolicyChangeLine(
                str(RetentionPolicy._meta.get_field(item["field"]).verbose_name),
                _shown(item["old"]),
                _shown(item["new"]),
            )
            for item in change.changes
        ]
        rows.append((change, lines))
    return rows


def recent_runs(limit: int = 10) -> list[RetentionRun]:
    return list(RetentionRun.objects.select_related("by")[:limit])
