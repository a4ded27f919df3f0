"""The performance record pages and the validity report as HR, managers and rubric admins
see them."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from candidates.models import PerformanceRecord
from rubrics.models import WeightMethod
from tests.candidates.selectors.test_validity import hire, planted
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(manager):
    return OpeningFactory(title="Beijing", hiring_managers=[manager])


def add_url(candidate) -> str:
    return reverse("candidates:performance-create", args=[candidate.pk])


def test_hr_adds_a_record_from_the_candidates_page(hr, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    client = logged_in(hr)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.pk])).content.decode()
    assert add_url(candidate) in page
    response = client.post(
        add_url(candidate),
        {"measured_on": "2026-06-30", "period_months": "6", "overall": "4", "employed": "true"},
    )
    assert response.status_code == 302
    record = PerformanceRecord.objects.get()
    assert (record.overall, record.employed, record.entered_by) == (4, True, hr)
    page = client.get(response.url).content.decode()
    assert "Performance after the hire" in page
    assert reverse("candidates:performance-update", args=[candidate.pk, record.pk]) in page


def test_bad_input_is_shown_next_to_the_field_and_kept(manager, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    response = logged_in(manager).post(
        add_url(candidate),
        {"measured_on": "2026-06-30", "period_months": "6", "overall": "9", "note": "kept text"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error_1_id_overall"' in page
    assert "kept text" in page
    assert not PerformanceRecord.objects.exists()


def test_a_record_that_measures_nothing_is_refused_with_a_message(hr, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    response = logged_in(hr).post(
        add_url(candidate), {"measured_on": "2026-06-30", "period_months": "6"}
    )
    assert response.status_code == 400
    assert "Enter at least one measure." in response.content.decode()


def test_a_second_record_for_the_same_period_is_refused_on_the_period(hr, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    PerformanceRecord.objects.create(
        candidate=candidate, measured_on=datetime.date(2026, 6, 30), period_months=6, overall=3
    )
    response = logged_in(hr).post(
        add_url(candidate), {"measured_on": "2026-07-30", "period_months": "6", "overall": "4"}
    )
    assert response.status_code == 400
    assert "already has a record for this period" in response.content.decode()
    assert PerformanceRecord.objects.count() == 1


def test_a_correction_changes_the_record(hr, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    record = PerformanceRecord.objects.create(
        candidate=candidate, measured_on=datetime.date(2026, 6, 30), period_months=6, overall=3
    )
    url = reverse("candidates:performance-update", args=[candidate.pk, record.pk])
    client = logged_in(hr)
    assert 'name="overall" value="3"' in client.get(url).content.decode()
    client.post(url, {"measured_on": "2026-06-30", "period_months": "6", "overall": "5"})
    record.refresh_from_db()
    assert (record.overall, record.changed_by) == (5, hr)


def test_a_record_of_another_candidate_is_not_found(hr, opening):
    first, second = (ApplicationFactory(opening=opening).candidate for _ in range(2))
    record = PerformanceRecord.objects.create(
        candidate=first, measured_on=datetime.date(2026, 6, 30), period_months=6, overall=3
    )
    url = reverse("candidates:performance-update", args=[second.pk, record.pk])
    assert logged_in(hr).get(url).status_code == 404


def test_rubric_admins_read_records_but_get_no_buttons(rubric_admin, opening):
    candidate = ApplicationFactory(opening=opening).candidate
    PerformanceRecord.objects.create(
        candidate=candidate, measured_on=datetime.date(2026, 6, 30), period_months=6, overall=3
    )
    page = logged_in(rubric_admin).get(reverse("candidates:candidate-detail", args=[candidate.pk]))
    text = page.content.decode()
    assert "Performance after the hire" in text
    assert add_url(candidate) not in text


def test_the_report_says_not_enough_hires_below_ten(hr, default_rubric, opening):
    planted(opening, 9)
    page = logged_in(hr).get(reverse("candidates:rubric-validity", args=[default_rubric.pk]))
    text = page.content.decode()
    assert "Not enough hires yet: 9 candidates" in text
    assert "r = " not in text


def test_the_report_reads_plainly_and_offers_the_proposal_to_rubric_admins(
    hr, rubric_admin, default_rubric, opening
):
    planted(opening, 40)
    url = reverse("candidates:rubric-validity", args=[default_rubric.pk])
    text = logged_in(rubric_admin).get(url).content.decode()
    assert "Higher scores went with better results" in text
    assert "Load into the weight editor" in text
    link = next(
        part.split('"', 1)[0]
        for part in text.split('href="')[1:]
        if part.startswith(reverse("rubrics:weights-edit", args=[default_rubric.pk]))
    )
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["method"] == [WeightMethod.VALIDITY]
    assert float(query["weight_communication"][0]) > float(query["weight_experience"][0])
    # HR reads the same report without the button: only rubric admins change weights.
    assert "Load into the weight editor" not in logged_in(hr).get(url).content.decode()


def test_the_proposal_loads_into_the_weight_editor_with_its_method(
    rubric_admin, default_rubric, opening
):
    planted(opening, 40)
    text = (
        logged_in(rubric_admin)
        .get(reverse("candidates:rubric-validity", args=[default_rubric.pk]))
        .content.decode()
    )
    start = text.index(reverse("rubrics:weights-edit", args=[default_rubric.pk]))
    link = text[start : text.index('"', start)].replace("&amp;", "&")
    editor = logged_in(rubric_admin).get(link).content.decode()
    assert 'name="method" value="validity"' in editor
    assert 'value="100.00"' in editor  # the most predictive dimension's points


def test_the_report_reads_in_chinese(hr, default_rubric, opening):
    planted(opening, 40)
    url = reverse("candidates:opening-validity", args=[opening.pk])
    text = logged_in(hr).get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert '<html lang="zh-hans">' in text
    assert "面试能预测工作表现吗" in text


def test_a_bad_outcome_is_named_next_to_the_field(hr, default_rubric, opening):
    planted(opening, 12)
    url = reverse("candidates:rubric-validity", args=[default_rubric.pk])
    response = logged_in(hr).get(url, {"outcome": "<script>"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_index_counts_the_records_per_rubric(hr, default_rubric, opening):
    planted(opening, 3)
    hire(OpeningFactory(), scores=[], overall=4)
    text = logged_in(hr).get(reverse("candidates:validity")).content.decode()
    assert reverse("candidates:rubric-validity", args=[default_rubric.pk]) in text
    assert ">4<" in text


@pytest.mark.parametrize(
    ("persona", "funnel", "validity"),
    [("hr", True, True), ("manager", True, False), ("rubric_admin", False, True)],
)
def test_the_reports_page_offers_what_the_role_may_open(request, persona, funnel, validity):
    page = logged_in(request.getfixturevalue(persona)).get(reverse("candidates:reports"))
    text = page.content.decode()
    assert (reverse("candidates:funnel") in text, reverse("candidates:validity") in text) == (
        funnel,
        validity,
    )
