"""The funnel pages and CSVs: figures shown, scope, languages, bad dates."""

import csv
import io

import pytest
from django.urls import reverse

from candidates.charts import horizontal_bars_svg
from tests.candidates.funnel_helpers import build_history, interview
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, InterviewerFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(manager):
    made = OpeningFactory(title="Key accounts", hiring_managers=[manager])
    build_history(made)
    return made


@pytest.fixture
def elsewhere():
    """An opening off the manager's team, with three applications of its own."""
    other = OpeningFactory(title="Other team")
    for _ in range(3):
        ApplicationFactory(opening=other)
    return other


def opening_url(opening, name: str = "candidates:opening-funnel") -> str:
    return reverse(name, args=[opening.pk])


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_opening_page_shows_the_figures(manager, opening):
    response = logged_in(manager).get(opening_url(opening))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recruiting funnel: Key accounts" in page
    assert 'role="img"' in page and 'aria-describedby="funnel-data"' in page
    # Bars against the largest count (4 applied): 3 screening, 1 hired.
    assert 'width="360.0"' in page and 'width="270.0"' in page and 'width="90.0"' in page
    assert "75.0%" in page and "66.7%" in page  # applied -> screening, screening -> interviewing
    assert ">Ann<" in page and ">Bob<" in page
    assert response.context["report"].decision_days.median == 5.0


def test_opening_page_in_chinese_names_the_stages_in_chinese(hr, opening):
    response = logged_in(hr).get(opening_url(opening), HTTP_ACCEPT_LANGUAGE="zh-Hans")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    for stage in ("已申请", "筛选中", "面试中", "已入职"):
        assert stage in page
    assert "75.0%" in page


def test_a_chart_of_zeros_draws_empty_bars():
    svg = horizontal_bars_svg([("Applied", 0, "0"), ("Hired", 0, "0")], title="Reached")
    assert svg.count('width="0"') == 2 and '<title id="bars-title">Reached</title>' in svg


def test_manager_off_the_team_gets_404_on_the_opening(manager, elsewhere):
    client = logged_in(manager)
    assert client.get(opening_url(elsewhere)).status_code == 404
    assert client.get(opening_url(elsewhere, "candidates:opening-funnel-csv")).status_code == 404


def test_overall_page_pools_only_the_managers_openings(manager, opening, elsewhere):
    response = logged_in(manager).get(reverse("candidates:funnel"))
    assert response.status_code == 200
    assert response.context["report"].applications == 4
    page = response.content.decode()
    assert "Key accounts" in page and "Other team" not in page


def test_overall_page_for_hr_counts_every_opening(hr, opening, elsewhere):
    response = logged_in(hr).get(reverse("candidates:funnel"))
    assert response.context["report"].applications == 7
    assert "Other team" in response.content.decode()


def test_opening_csv_has_the_header_and_a_row_per_figure(manager, opening):
    response = logged_in(manager).get(opening_url(opening, "candidates:opening-funnel-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="funnel-key-accounts.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Section", "Item", "Figure", "Value"]
    assert ["Applications", "All", "Applications", "4"] in rows
    assert ["Stages", "Screening", "Reached", "3"] in rows
    assert ["Stages", "Applied", "Pass-through to the next stage (%)", "75.0"] in rows
    assert ["Stages", "Hired", "Pass-through to the next stage (%)", ""] in rows
    assert ["Time to decision", "All", "Median (days)", "5.0"] in rows
    assert ["Scorecard turnaround", "Ann", "Median (hours)", "15.0"] in rows
    assert ["Interviewer load", "Ann", "Interviews per week", "1.5"] in rows
    assert ["Drop-off", "Interviewing", "Rejected", "1"] in rows


def test_overall_csv_lists_the_managers_openings_only(manager, opening, elsewhere):
    rows = read_csv(logged_in(manager).get(reverse("candidates:funnel-csv")))
    titles = {row[1] for row in rows if row[0] == "Openings"}
    assert titles == {"Key accounts"}


def test_csv_in_chinese_uses_the_chinese_stage_names(hr, opening):
    url = opening_url(opening, "candidates:opening-funnel-csv")
    rows = read_csv(logged_in(hr).get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans"))
    assert any(row[1] == "筛选中" and row[3] == "3" for row in rows)


def test_the_period_filters_the_page(manager, opening):
    response = logged_in(manager).get(opening_url(opening) + "?since=2026-03-03&until=2026-03-04")
    assert response.status_code == 200
    assert response.context["report"].applications == 2


@pytest.mark.parametrize(
    "query", ["?since=2026-02-30", "?since=yesterday", "?until=99999-01-01", "?since=0000-01-01"]
)
def test_a_bad_date_gets_a_message_beside_the_field(manager, opening, query):
    response = logged_in(manager).get(opening_url(opening) + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid date." in page and 'aria-invalid="true"' in page
    # The date in error is left out: every application still counts.
    assert response.context["report"].applications == 4


def test_a_period_ending_before_it_starts_is_refused_on_the_end(manager, opening):
    response = logged_in(manager).get(opening_url(opening) + "?since=2026-03-04&until=2026-03-01")
    form = response.context["form"]
    assert "until" in form.errors and "since" not in form.errors
    assert "The end of the period must not be before its start." in response.content.decode()


def test_empty_opening_says_so_in_every_section(hr):
    response = logged_in(hr).get(opening_url(OpeningFactory()))
    assert response.status_code == 200
    page = response.content.decode()
    for sentence in (
        "No applications in this period",
        "No application has moved on from a stage yet",
        "Nobody has recorded a decision on these applications yet",
        "No scorecard has been submitted yet",
        "No interview has been scheduled",
        "No application has been rejected, withdrawn or put on hold",
    ):
        assert sentence in page
    assert (
        logged_in(hr)
        .get(opening_url(OpeningFactory(), "candidates:opening-funnel-csv"))
        .status_code
        == 200
    )


@pytest.mark.parametrize("persona", ["interviewer", "rubric_admin"])
def test_interviewers_and_rubric_admins_are_refused(persona_client, persona, opening):
    assert persona_client(persona).get(reverse("candidates:funnel")).status_code == 403
    assert persona_client(persona).get(opening_url(opening)).status_code == 403


def test_the_links_appear_for_managers_and_not_for_rubric_admins(manager, rubric_admin, opening):
    link = opening_url(opening)
    detail = reverse("candidates:opening-detail", args=[opening.pk])
    manager_page = logged_in(manager).get(detail).content.decode()
    assert link in manager_page and reverse("candidates:funnel") in manager_page
    admin_page = logged_in(rubric_admin).get(detail).content.decode()
    assert link not in admin_page and f'href="{reverse("candidates:funnel")}"' not in admin_page


def test_csv_neutralises_an_interviewer_name_read_as_a_formula(hr, opening):
    application = opening.applications.first()
    interview(application, InterviewerFactory(name="=HYPERLINK(1)"), 1, card_after=1)
    rows = read_csv(logged_in(hr).get(opening_url(opening, "candidates:opening-funnel-csv")))
    names = {row[1] for row in rows if row[0] == "Interviewer load"}
    assert "'=HYPERLINK(1)" in names and "=HYPERLINK(1)" not in names
