"""The Retention page (administrators) and talent-pool consent on the candidate page (HR)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import RetentionPolicy, RetentionPolicyChange, TalentPoolConsent
from candidates.services.privacy import anonymise_candidate
from tests.candidates.retention_helpers import closed_on, consented, months_before, switch_on
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, CandidateFactory
from tests.long_text import error_under

pytestmark = pytest.mark.django_db

POLICY = reverse("candidates:retention-policy")


def detail(candidate) -> str:
    return reverse("candidates:candidate-detail", args=[candidate.pk])


def consent_url(candidate) -> str:
    return reverse("candidates:candidate-consent", args=[candidate.pk])


def withdraw_url(candidate) -> str:
    return reverse("candidates:candidate-consent-withdraw", args=[candidate.pk])


# The policy page -------------------------------------------------------------------------


def test_an_administrator_saves_the_policy_and_the_page_shows_the_change(admin):
    client = logged_in(admin)
    data = {"enabled": "on", "months_not_hired": "18", "months_talent_pool": "30"}
    response = client.post(POLICY, data, follow=True)
    assert response.redirect_chain == [(POLICY, 302)]
    page = response.content.decode()
    assert "Retention policy saved." in page
    assert "The policy is on" in page
    assert "months kept after the last application closed 24 → 18" in page
    assert "months kept in the talent pool 36 → 30" in page
    policy = RetentionPolicy.objects.get()
    assert (policy.enabled, policy.months_not_hired, policy.months_talent_pool) == (True, 18, 30)
    assert RetentionPolicyChange.objects.get().changed_by == admin


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"months_not_hired": "0", "months_talent_pool": "36"}, "months_not_hired", "greater"),
        ({"months_not_hired": "abc", "months_talent_pool": "36"}, "months_not_hired", "number"),
        ({"months_not_hired": "24", "months_talent_pool": "999"}, "months_talent_pool", "less"),
        ({"months_not_hired": "24", "months_talent_pool": ""}, "months_talent_pool", "required"),
        ({"months_not_hired": "24", "months_talent_pool": "12"}, "months_talent_pool", "shorter"),
    ],
)
def test_bad_periods_get_a_message_next_to_the_field_and_nothing_is_saved(
    admin, data, field, message
):
    response = logged_in(admin).post(POLICY, data)
    assert response.status_code == 200
    assert message in error_under(response.content.decode(), field)
    assert not RetentionPolicy.objects.exists()
    assert not RetentionPolicyChange.objects.exists()


def test_the_policy_page_lists_who_is_past_their_period_with_code_and_name(admin):
    today = timezone.localdate()
    past = closed_on(months_before(today, 25), name="Zhao Xiaoyu 赵晓雨")
    closed_on(months_before(today, 3), name="Recent Candidate")
    page = logged_in(admin).get(POLICY).content.decode()
    assert f"{past.code} · Zhao Xiaoyu 赵晓雨" in page
    assert "Recent Candidate" not in page
    assert "1 candidate is past their period." in page
    assert "The policy is off" in page


def test_the_retention_link_is_on_the_administrators_team_page(admin):
    # The top bar had no room left: the Team page, the Administrator's own, links it.
    assert POLICY in logged_in(admin).get(reverse("team:team")).content.decode()
    assert POLICY not in logged_in(admin).get(reverse("home")).content.decode()


# The candidate page ----------------------------------------------------------------------


def test_the_candidate_page_says_until_when_the_candidate_is_kept(hr):
    candidate = closed_on(date(2026, 3, 1))
    switch_on(24, 36)
    page = logged_in(hr).get(detail(candidate)).content.decode()
    assert "Kept until 2028-03-01: 24 months after the last application closed." in page
    assert "The retention policy is off" not in page
    assert "No consent recorded" in page


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        ("interviewing", "Kept while an application is open."),
        ("hired", "Hired: not removed by the retention policy."),
    ],
)
def test_the_candidate_page_says_open_and_hired_candidates_are_kept(hr, stage, text):
    candidate = ApplicationFactory(stage=stage).candidate
    page = logged_in(hr).get(detail(candidate)).content.decode()
    assert text in page
    assert "The retention policy is off: nothing is removed" in page


def test_hiring_managers_do_not_see_the_retention_section(manager):
    application = ApplicationFactory()
    application.opening.hiring_managers.add(manager)
    response = logged_in(manager).get(detail(application.candidate))
    assert response.status_code == 200
    assert "Talent-pool consent" not in response.content.decode()


def test_hr_records_consent_and_the_page_shows_its_date_text_and_new_period(hr):
    candidate = closed_on(date(2025, 1, 10))
    client = logged_in(hr)
    data = {"given_on": "2025-02-01", "text": "我同意保留我的资料。"}
    response = client.post(consent_url(candidate), data, follow=True)
    assert response.redirect_chain == [(detail(candidate), 302)]
    page = response.content.decode()
    assert "Talent-pool consent recorded." in page
    assert "Consent given on 2025-02-01 (recorded by hr)" in page
    assert "我同意保留我的资料。" in page
    assert "Kept until 2028-02-01: 36 months after the talent-pool consent" in page
    assert TalentPoolConsent.objects.get().recorded_by == hr


def test_the_consent_form_offers_the_default_text(hr):
    page = logged_in(hr).get(detail(CandidateFactory())).content.decode()
    assert "I agree that the company keeps my application data" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"given_on": "", "text": "I agree"}, "given_on", "Give the date the candidate consented."),
        ({"given_on": "2026-02-30", "text": "I agree"}, "given_on", "Enter a valid date."),
        ({"given_on": "2025-01-01", "text": ""}, "text", "Paste the text the candidate agreed to."),
        ({"given_on": "2025-01-01", "text": "   "}, "text", "Paste the text"),
    ],
)
def test_bad_consent_input_gets_a_message_next_to_the_field(hr, data, field, message):
    candidate = CandidateFactory()
    response = logged_in(hr).post(consent_url(candidate), data)
    assert response.status_code == 400
    assert message in error_under(response.content.decode(), field)
    assert not TalentPoolConsent.objects.exists()


def test_a_consent_dated_in_the_future_is_refused_next_to_the_date(hr):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = logged_in(hr).post(
        consent_url(CandidateFactory()), {"given_on": tomorrow.isoformat(), "text": "I agree"}
    )
    assert response.status_code == 400
    assert "This date is in the future." in error_under(response.content.decode(), "given_on")


def test_hr_records_a_withdrawal_and_the_usual_period_applies_again(hr):
    candidate = closed_on(date(2025, 1, 10))
    consented(candidate, date(2025, 2, 1))
    switch_on(24, 36)
    client = logged_in(hr)
    response = client.post(withdraw_url(candidate), {"withdrawn_on": "2025-06-01"}, follow=True)
    page = response.content.decode()
    assert "Withdrawal recorded" in page
    assert "withdrawn on 2025-06-01 (recorded by hr)" in page
    assert "Kept until 2027-01-10: 24 months after the last application closed." in page


def test_a_withdrawal_without_consent_or_before_it_is_refused_with_a_message(hr):
    candidate = CandidateFactory()
    client = logged_in(hr)
    nothing = client.post(withdraw_url(candidate), {"withdrawn_on": "2025-06-01"})
    assert nothing.status_code == 400
    assert "This candidate has no consent to withdraw." in nothing.content.decode()
    consented(candidate, date(2025, 2, 1))
    before = client.post(withdraw_url(candidate), {"withdrawn_on": "2025-01-01"})
    assert before.status_code == 400
    assert "before the consent was given (2025-02-01)" in error_under(
        before.content.decode(), "withdrawn_on"
    )
    bad = client.post(withdraw_url(candidate), {"withdrawn_on": "yesterday"})
    assert "Enter a valid date." in error_under(bad.content.decode(), "withdrawn_on")
    assert TalentPoolConsent.objects.get().withdrawn_on is None


def test_an_anonymised_candidate_cannot_be_given_a_consent(hr):
    candidate = CandidateFactory()
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    response = logged_in(hr).post(
        consent_url(candidate), {"given_on": "2025-01-01", "text": "I agree"}
    )
    assert response.status_code == 400
    assert "This candidate was anonymised: there is nothing left to keep." in (
        response.content.decode()
    )
    assert not TalentPoolConsent.objects.exists()


def test_a_manager_may_not_record_consent(manager):
    application = ApplicationFactory()
    application.opening.hiring_managers.add(manager)
    response = logged_in(manager).post(
        consent_url(application.candidate), {"given_on": "2025-01-01", "text": "I agree"}
    )
    assert response.status_code == 403
    assert not TalentPoolConsent.objects.exists()
