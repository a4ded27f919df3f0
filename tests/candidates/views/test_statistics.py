"""Agreement and calibration pages, and confidence on the shortlist, from the database."""

import json

import pytest
from django.urls import reverse

from candidates.scoring.agreement import icc, one_way_icc
from tests.candidates.views.test_shortlists import count_page_queries
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)
from tests.reference import reference_case

pytestmark = pytest.mark.django_db

# Candidate quality per application, and how generous each of three interviewers is.
QUALITY = [1, 1, 2, 2, 3, 3]
OFFSETS = {"Lenient Li": 1, "Fair Fang": 0, "Exact Eva": 0}


def scores(quality: int, offset: int) -> dict:
    """Noise-free: quality + leniency, with a one-point swing across dimensions."""
    return {code: quality + offset + i % 2 for i, code in enumerate(DEFAULT_CODES)}


@pytest.fixture
def panel(manager):
    """Every interviewer meets every candidate: a crossed design, leniencies known."""
    opening = OpeningFactory(title="Panel", hiring_managers=[manager])
    interviewers = {name: InterviewerFactory(name=name) for name in OFFSETS}
    for i, quality in enumerate(QUALITY):
        application = ApplicationFactory(opening=opening, candidate__name=f"C{i}")
        for name, offset in OFFSETS.items():
            interview = InterviewFactory(application=application, interviewer=interviewers[name])
            submitted_scorecard(interview, scores(quality, offset))
    return opening


def page(client, user, name: str, opening, query: str = ""):
    client.force_login(user)
    response = client.get(reverse(name, args=[opening.pk]) + query)
    assert response.status_code == 200
    return response


def test_agreement_page_shows_both_alphas_and_all_icc_forms_for_a_crossed_panel(
    client, manager, panel
):
    response = page(client, manager, "candidates:opening-agreement", panel)
    report = response.context["report"]
    assert report.applications == 6
    overall = report.overall
    assert overall.crossed is not None and overall.one_way is None
    assert overall.pairable_values == 18 and overall.units == 6
    body = response.content.decode()
    assert "All six ICC forms on the weighted score" in body
    assert "ICC(3,k)" in body
    # The lenient interviewer lowers absolute agreement, not consistency.
    forms = overall.crossed.forms
    assert forms["ICC(3,1)"] == pytest.approx(1.0)
    assert forms["ICC(2,1)"] < forms["ICC(3,1)"]


def test_agreement_reading_names_good_and_poor_dimensions(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    for quality in [1, 3, 5, 2, 4]:
        application = ApplicationFactory(opening=opening)
        for twist in (0, 1):
            values = dict.fromkeys(DEFAULT_CODES, quality)
            # Culture fit: the two interviewers disagree as much as they can.
            values["culture_fit"] = 1 if twist else 5
            submitted_scorecard(InterviewFactory(application=application), values)
    body = page(client, manager, "candidates:opening-agreement", opening).content.decode()
    assert "Interviewers agree well on Experience and skills" in body
    assert "Interviewers agree poorly on Culture fit: discuss the anchors" in body
    assert "two-way ICC forms (which need every interviewer to rate every candidate)" in body


def test_agreement_is_not_estimable_when_every_rating_is_the_same(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    for _ in range(3):
        application = ApplicationFactory(opening=opening)
        for _ in range(2):
            submitted_scorecard(
                InterviewFactory(application=application), dict.fromkeys(DEFAULT_CODES, 3)
            )
    response = page(client, manager, "candidates:opening-agreement", opening)
    report = response.context["report"]
    assert report.overall.interval is None and report.overall.band == "not_estimable"
    assert all(line.interval is None for line in report.dimensions)
    assert "Not estimable for Experience and skills" in response.content.decode()


def test_interviewers_page_recovers_the_leniency_and_says_who_is_safe(client, manager, panel):
    lone = ApplicationFactory(opening=panel, candidate__name="Late")
    submitted_scorecard(
        InterviewFactory(application=lone, interviewer=InterviewerFactory(name="New Nan")),
        {"experience": 2, "crm": 4},
    )
    response = page(client, manager, "candidates:opening-interviewers", panel)
    rows = {name: (effect, reasons) for name, effect, reasons in response.context["rows"]}
    lenient, reasons = rows["Lenient Li"]
    assert lenient.leniency == pytest.approx(2 / 3)
    assert lenient.correctable and reasons == []
    newcomer, reasons = rows["New Nan"]
    assert not newcomer.correctable
    assert "fewer than 15 ratings" in reasons and "fewer than 5 candidates" in reasons
    body = response.content.decode()
    assert "+0.67" in body and "fewer than 15 ratings" in body


def test_calibrated_switch_shows_raw_and_calibrated_side_by_side(client, manager, panel):
    response = page(client, manager, "candidates:opening-shortlist", panel, "?calibrated=on&k=2")
    body = response.content.decode()
    assert "Calibrated score" in body and "Raw score" in body and "Raw rank" in body
    assert "P(top 2)" in body and "How sure is the top 2?" in body
    assert "Calibrated: 3 interviewers' leniency is removed" in body
    assert response.context["confidence"].k == 2
    # Corrections move every scorecard of an interviewer alike: the order stays.
    raw = response.context["raw"]
    assert [line.row.rank for line in response.context["lines"]] == [
        raw[line.row.key].rank for line in response.context["lines"]
    ]


def test_summary_says_who_is_clearly_in_and_who_cannot_be_told_apart(client, manager):
    opening = OpeningFactory(hiring_managers=[manager])
    for name, levels in [("Ace", (5, 5)), ("Bo", (3, 4)), ("Cy", (4, 3)), ("Di", (1, 2))]:
        application = ApplicationFactory(opening=opening, candidate__name=name)
        for level in levels:
            submitted_scorecard(
                InterviewFactory(application=application), dict.fromkeys(DEFAULT_CODES, level)
            )
    response = page(client, manager, "candidates:opening-shortlist", opening, "?k=2")
    summary = response.context["summary"]
    assert summary.clearly_in == ["Ace"]
    assert ("Bo", "Cy") in summary.indistinct or ("Cy", "Bo") in summary.indistinct
    body = response.content.decode()
    assert "Clearly in the top 2: Ace." in body
    assert "Cannot be told apart: Bo ≈ Cy." in body or "Cannot be told apart: Cy ≈ Bo." in body


def test_a_bad_k_is_explained_next_to_the_field_and_the_page_still_ranks(client, manager, panel):
    response = page(client, manager, "candidates:opening-shortlist", panel, "?k=0&calibrated=on")
    body = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in body
    assert response.context["confidence"].k == 3  # the default, while the error shows
    assert response.context["shortlist"].calibrated  # the other choices still apply


def test_ranking_json_marks_calibration_and_gives_the_confidence_fields(client, manager, panel):
    client.force_login(manager)
    url = reverse("candidates:opening-ranking-json", args=[panel.pk])
    data = json.loads(client.get(url + "?calibrated=1&k=2").content)
    assert data["calibrated"] is True and data["k"] == 2
    row = data["rows"][0]
    for field in ("se", "ci_low", "ci_high", "p_top_k", "k", "rank_raw", "score_raw"):
        assert field in row
    assert row["ci_low"] <= row["score"] <= row["ci_high"]
    assert sum(r["p_top_k"] for r in data["rows"]) == pytest.approx(2, abs=1e-3)
    plain = json.loads(client.get(url).content)
    assert plain["calibrated"] is False and "rank_raw" not in plain["rows"][0]


def test_calibrated_page_query_count_does_not_grow_with_candidates(client, manager):
    client.force_login(manager)
    counts = []
    for size in (4, 24):
        opening = OpeningFactory(hiring_managers=[manager])
        for index in range(size):
            application = ApplicationFactory(opening=opening)
            for level in (1 + index % 5, 3):
                submitted_scorecard(
                    InterviewFactory(application=application), dict.fromkeys(DEFAULT_CODES, level)
                )
        counts.append(count_page_queries(client, opening, "?calibrated=on&k=3"))
    assert counts[0] == counts[1]


def test_one_way_icc_equals_the_shrout_fleiss_forms_on_balanced_data():
    matrix = reference_case("shrout_fleiss_1979_table2")["input"]["ratings"]
    balanced = icc(matrix).forms
    one_way = one_way_icc(matrix)
    assert one_way.k == 4
    assert one_way.single == pytest.approx(balanced["ICC(1,1)"])
    assert one_way.average == pytest.approx(balanced["ICC(1,k)"])


def test_one_way_icc_needs_two_units_with_two_ratings():
    assert one_way_icc([[3, 4], [5]]) is None
