"""The retention policy: who is past their period, the run, consent, and policy changes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from candidates.models import (
    Application,
    AuditAction,
    AuditEntry,
    Candidate,
    RetentionPolicy,
    RetentionPolicyChange,
    RetentionRun,
    TalentPoolConsent,
)
from candidates.selectors.retention import (
    HIRED,
    KEPT_UNTIL,
    OPEN,
    add_months,
    candidate_retention,
    current_policy,
    retention_facts,
)
from candidates.services.privacy import anonymise_candidate
from candidates.services.retention import (
    ANONYMISED,
    SKIPPED,
    WOULD_GO,
    ConsentRefused,
    RetentionReport,
    apply_retention,
    record_consent,
    update_policy,
    withdraw_consent,
)
from tests.candidates.retention_helpers import (
    added,
    applied,
    closed_on,
    consented,
    months_before,
    switch_on,
)
from tests.concurrency import on_postgresql, run_together
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def anonymised_pks() -> set[int]:
    return set(Candidate.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))


@pytest.fixture
def cohort() -> dict[str, Candidate]:
    """One candidate per case of the rule, under a 24-month / 36-month policy on TODAY."""
    people = {
        "past": closed_on(months_before(TODAY, 24, days=1)),
        "inside": closed_on(months_before(TODAY, 23)),
        "withdrew_long_ago": closed_on(months_before(TODAY, 30), stage="withdrawn"),
        "hired": closed_on(months_before(TODAY, 60), stage="hired"),
        "pool_inside": closed_on(months_before(TODAY, 30)),
        "pool_past": closed_on(months_before(TODAY, 40)),
        "pool_renewed_late": closed_on(months_before(TODAY, 40)),
        "pool_withdrawn": closed_on(months_before(TODAY, 30)),
        "never_applied": added(CandidateFactory(), months_before(TODAY, 25)),
        "never_applied_recent": added(CandidateFactory(), months_before(TODAY, 2)),
    }
    # Hired once, then moved on: never removed by the policy.
    people["once_hired"] = CandidateFactory()
    applied(
        people["once_hired"],
        [("hired", months_before(TODAY, 50)), ("rejected", months_before(TODAY, 49))],
    )
    # One application closed long ago, another still open (interviewing, on hold, an offer).
    for stage in ("interviewing", "on_hold", "offer"):
        candidate = closed_on(months_before(TODAY, 60))
        applied(candidate, [(stage, months_before(TODAY, 40))])
        people[f"open_{stage}"] = candidate
    consented(people["pool_inside"], months_before(TODAY, 30))
    consented(people["pool_past"], months_before(TODAY, 37))
    consented(people["pool_renewed_late"], months_before(TODAY, 38))
    consented(people["pool_renewed_late"], months_before(TODAY, 20))
    consented(people["pool_withdrawn"], months_before(TODAY, 30), withdrawn=months_before(TODAY, 1))
    switch_on(24, 36)
    return people


GONE = {"past", "withdrew_long_ago", "pool_past", "pool_withdrawn", "never_applied"}


def test_the_real_run_anonymises_exactly_those_past_their_period(cohort):
    report = apply_retention(dry_run=False, today=TODAY)
    gone = {name for name, person in cohort.items() if person.pk in anonymised_pks()}
    assert gone == GONE
    assert {line.candidate.pk for line in report.lines} == {cohort[name].pk for name in GONE}
    assert {line.outcome for line in report.lines} == {ANONYMISED}
    run = RetentionRun.objects.get()
    assert (run.dry_run, run.policy_enabled, run.found, run.anonymised, run.skipped) == (
        False,
        True,
        len(GONE),
        len(GONE),
        0,
    )
    assert run.finished_at is not None


def test_the_dry_run_lists_the_same_candidates_and_changes_nothing(cohort):
    report = apply_retention(dry_run=True, today=TODAY)
    assert {line.candidate.pk for line in report.lines} == {cohort[name].pk for name in GONE}
    assert {line.outcome for line in report.lines} == {WOULD_GO}
    assert {line.candidate.name for line in report.lines} == {cohort[name].name for name in GONE}
    assert not Candidate.objects.filter(anonymised_at__isnull=False).exists()
    assert not AuditEntry.objects.exists()
    run = RetentionRun.objects.get()
    assert (run.dry_run, run.found, run.anonymised) == (True, len(GONE), 0)


def test_a_second_run_finds_nobody(cohort):
    apply_retention(dry_run=False, today=TODAY)
    second = apply_retention(dry_run=False, today=TODAY)
    assert second.lines == []
    assert (second.run.found, second.run.anonymised) == (0, 0)
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISED).count() == len(GONE)


def test_with_the_policy_off_a_real_run_changes_nothing_but_counts_who_is_due(cohort):
    policy = current_policy()
    update_policy(
        by=None,
        enabled=False,
        months_not_hired=policy.months_not_hired,
        months_talent_pool=policy.months_talent_pool,
    )
    report = apply_retention(dry_run=False, today=TODAY)
    assert not Candidate.objects.filter(anonymised_at__isnull=False).exists()
    assert (report.run.policy_enabled, report.run.found, report.run.anonymised) == (
        False,
        len(GONE),
        0,
    )


def test_a_fresh_install_has_the_policy_off_with_the_default_periods():
    policy = current_policy()
    assert (policy.enabled, policy.months_not_hired, policy.months_talent_pool) == (False, 24, 36)
    past = closed_on(months_before(TODAY, 40))
    apply_retention(dry_run=False, today=TODAY)
    past.refresh_from_db()
    assert past.anonymised_at is None


def test_the_audit_records_the_policy_as_the_reason_with_nobody_as_the_actor():
    past = closed_on(months_before(TODAY, 25))
    pooled = closed_on(months_before(TODAY, 40))
    consented(pooled, months_before(TODAY, 40))
    switch_on(24, 36)
    apply_retention(dry_run=False, today=TODAY)
    reasons = dict(
        AuditEntry.objects.filter(action=AuditAction.ANONYMISED).values_list(
            "candidate_ref", "data__reason"
        )
    )
    assert reasons == {
        past.pk: "Retention policy: 24 months after the last application closed",
        pooled.pk: "Retention policy: 36 months after the talent-pool consent or the last "
        "application closed, whichever is later",
    }
    assert not AuditEntry.objects.exclude(actor=None).exists()


def test_the_day_after_keep_until_is_the_first_day_the_candidate_is_due():
    candidate = closed_on(date(2024, 3, 31))
    switch_on(24, 36)
    retention = candidate_retention(candidate)
    assert (retention.kind, retention.keep_until) == (KEPT_UNTIL, date(2026, 3, 31))
    assert not retention.is_due(date(2026, 3, 31))
    assert retention.is_due(date(2026, 4, 1))
    assert apply_retention(dry_run=False, today=date(2026, 3, 31)).lines == []
    assert len(apply_retention(dry_run=False, today=date(2026, 4, 1)).lines) == 1


def test_months_are_calendar_months_and_the_31st_becomes_the_last_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert add_months(date(2024, 3, 15), -24) == date(2022, 3, 15)


def test_the_last_of_several_closed_applications_starts_the_period():
    candidate = closed_on(date(2022, 1, 10))
    applied(candidate, [("rejected", date(2024, 5, 20))])
    assert candidate_retention(candidate).keep_until == date(2026, 5, 20)


def test_a_later_consent_counts_from_the_consent_and_an_earlier_one_from_the_closing():
    late = closed_on(date(2024, 1, 1))
    consented(late, date(2025, 2, 1))
    early = closed_on(date(2024, 1, 1))
    consented(early, date(2023, 6, 1))
    assert candidate_retention(late).keep_until == date(2028, 2, 1)
    assert candidate_retention(early).keep_until == date(2027, 1, 1)


def test_hired_and_open_candidates_have_no_end_date():
    hired = closed_on(date(2020, 1, 1), stage="hired")
    still_open = CandidateFactory()
    ApplicationFactory(candidate=still_open, stage="interviewing")
    assert candidate_retention(hired).kind == HIRED
    assert candidate_retention(still_open).kind == OPEN
    assert candidate_retention(hired).keep_until is None


def test_the_facts_of_many_candidates_take_the_same_three_queries(django_assert_num_queries):
    few = [closed_on(date(2024, 1, 1))]
    with django_assert_num_queries(3):
        retention_facts(Candidate.objects.filter(pk__in=[c.pk for c in few]))
    many = [closed_on(date(2024, 1, 1)) for _ in range(6)]
    for candidate in many:
        consented(candidate, date(2024, 2, 1))
        applied(candidate, [("interviewing", date(2025, 1, 1))])
    with django_assert_num_queries(3):
        facts = retention_facts(Candidate.objects.filter(pk__in=[c.pk for c in many]))
    assert all(fact.open and fact.consent_on == date(2024, 2, 1) for fact in facts.values())


def test_the_ranking_is_the_same_after_the_policy_anonymises_a_candidate(hr, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    past = closed_on(months_before(TODAY, 30), name="Zhang Wei")
    Application.objects.filter(candidate=past).update(opening=opening)
    stays = ApplicationFactory(opening=opening, stage="interviewing")
    for application, value in ((Application.objects.get(candidate=past), 4), (stays, 3)):
        for round_name in ("First", "Final"):
            interview = InterviewFactory(application=application, round_name=round_name)
            submitted_scorecard(interview, dict.fromkeys(DEFAULT_CODES, value))
    switch_on(24, 36)
    client = Client()
    client.force_login(manager)
    url = reverse("candidates:opening-ranking-json", args=[opening.pk])

    def scores() -> list:
        rows = client.get(url).json()
        return [
            (row["application"], row["score"], row["coverage"])
            for row in rows["rows"] + rows["needs_more_evidence"]
        ]

    before = scores()
    assert len(before) == 2
    apply_retention(dry_run=False, today=TODAY)
    past.refresh_from_db()
    assert past.name == past.code
    assert scores() == before


def test_a_candidate_anonymised_by_hand_meanwhile_is_not_anonymised_again(hr):
    past = closed_on(months_before(TODAY, 30))
    switch_on(24, 36)
    anonymise_candidate(candidate=past, by=hr, reason="Erasure request")
    report = apply_retention(dry_run=False, today=TODAY)
    assert report.lines == []
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISED).count() == 1


def test_a_consent_recorded_after_the_list_was_read_keeps_the_candidate(hr, monkeypatch):
    """The rule is checked again under the candidate's lock before anonymising."""
    from candidates.services import retention as service

    past = closed_on(months_before(TODAY, 30))
    switch_on(24, 36)
    listed = service.due_candidates

    def list_then_consent(**kwargs):
        due = listed(**kwargs)
        record_consent(candidate=past, by=hr, given_on=TODAY, text="Keep me")
        return due

    monkeypatch.setattr(service, "due_candidates", list_then_consent)
    report = apply_retention(dry_run=False, today=TODAY)
    assert [line.outcome for line in report.lines] == [SKIPPED]
    past.refresh_from_db()
    assert past.anonymised_at is None
    assert report.run.skipped == 1


# Consent --------------------------------------------------------------------------------


def test_consent_is_recorded_with_its_date_text_and_who(hr):
    candidate = CandidateFactory()
    consent = record_consent(candidate=candidate, by=hr, given_on=TODAY, text="  I agree.  ")
    assert (consent.given_on, consent.text, consent.recorded_by) == (TODAY, "I agree.", hr)


def test_a_renewed_consent_counts_from_the_latest_one(hr):
    candidate = closed_on(date(2023, 1, 1))
    record_consent(candidate=candidate, by=hr, given_on=date(2023, 1, 1), text="First")
    record_consent(candidate=candidate, by=hr, given_on=date(2025, 3, 1), text="Again")
    assert candidate_retention(candidate).keep_until == date(2028, 3, 1)


def test_withdrawing_dates_every_standing_consent_and_the_usual_period_applies(hr):
    candidate = closed_on(date(2024, 1, 1))
    record_consent(candidate=candidate, by=hr, given_on=date(2024, 1, 2), text="First")
    record_consent(candidate=candidate, by=hr, given_on=date(2024, 6, 1), text="Again")
    assert withdraw_consent(candidate=candidate, by=hr, withdrawn_on=date(2025, 1, 1)) == 2
    assert set(TalentPoolConsent.objects.values_list("withdrawn_on", flat=True)) == {
        date(2025, 1, 1)
    }
    assert candidate_retention(candidate).keep_until == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("given_on", "text", "field"),
    [
        (date.today() + timedelta(days=2), "I agree", "given_on"),
        (TODAY, "   ", "text"),
    ],
)
def test_a_consent_in_the_future_or_without_text_is_refused(hr, given_on, text, field):
    with pytest.raises(ConsentRefused) as refused:
        record_consent(candidate=CandidateFactory(), by=hr, given_on=given_on, text=text)
    assert refused.value.field == field
    assert not TalentPoolConsent.objects.exists()


def test_an_anonymised_candidate_cannot_consent(hr):
    candidate = CandidateFactory()
    anonymise_candidate(candidate=candidate, by=hr, reason="x")
    with pytest.raises(ConsentRefused):
        record_consent(candidate=candidate, by=hr, given_on=TODAY, text="I agree")


def test_a_withdrawal_needs_a_standing_consent_and_a_date_after_it(hr):
    candidate = CandidateFactory()
    with pytest.raises(ConsentRefused) as nothing:
        withdraw_consent(candidate=candidate, by=hr, withdrawn_on=TODAY)
    assert nothing.value.field is None
    record_consent(candidate=candidate, by=hr, given_on=TODAY, text="I agree")
    with pytest.raises(ConsentRefused) as before:
        withdraw_consent(candidate=candidate, by=hr, withdrawn_on=TODAY - timedelta(days=1))
    assert before.value.field == "withdrawn_on"
    assert TalentPoolConsent.objects.get().withdrawn_on is None


# The policy -----------------------------------------------------------------------------


def test_each_policy_change_is_recorded_with_who_and_old_and_new_values(admin):
    update_policy(by=admin, enabled=True, months_not_hired=18, months_talent_pool=36)
    change = RetentionPolicyChange.objects.get()
    assert change.changed_by == admin
    assert change.changes == [
        {"field": "enabled", "old": False, "new": True},
        {"field": "months_not_hired", "old": 24, "new": 18},
    ]
    policy = RetentionPolicy.objects.get()
    assert (policy.updated_by, policy.months_not_hired) == (admin, 18)


def test_saving_the_same_values_records_nothing(admin):
    update_policy(by=admin, enabled=True, months_not_hired=18, months_talent_pool=36)
    update_policy(by=admin, enabled=True, months_not_hired=18, months_talent_pool=36)
    assert RetentionPolicyChange.objects.count() == 1


def test_a_talent_pool_period_shorter_than_the_usual_one_is_refused(admin):
    with pytest.raises(ValidationError) as refused:
        update_policy(by=admin, enabled=True, months_not_hired=24, months_talent_pool=12)
    assert "months_talent_pool" in refused.value.error_dict
    assert not RetentionPolicyChange.objects.exists()
    assert current_policy().months_talent_pool == 36


# Two runs at once -----------------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_anonymise_each_candidate_once():
    people = [closed_on(months_before(TODAY, 30)) for _ in range(6)]
    switch_on(24, 36)
    reports = run_together(
        lambda: apply_retention(dry_run=False, today=TODAY),
        lambda: apply_retention(dry_run=False, today=TODAY),
    )
    assert all(isinstance(report, RetentionReport) for report in reports)
    assert sum(report.run.anonymised for report in reports) == len(people)
    assert sum(report.run.skipped for report in reports) == sum(
        report.run.found for report in reports
    ) - len(people)
    assert AuditEntry.objects.filter(action=AuditAction.ANONYMISED).count() == len(people)
    assert not Candidate.objects.filter(anonymised_at__isnull=True).exists()
