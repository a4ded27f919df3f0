"""The shortlist from the database: gathering, page, exports, JSON, command, decisions."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from candidates.models import MAX_TEXT, Application
from candidates.selectors.shortlist import build_shortlist
from rubrics.models import Dimension
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)
from tests.long_text import (
    PASTED,
    assert_counted_not_cut,
    error_under,
    textarea_value,
    textareas,
    too_long,
)

pytestmark = pytest.mark.django_db

ALL = DEFAULT_CODES


def rate(application, *cards: dict) -> None:
    for values in cards:
        submitted_scorecard(InterviewFactory(application=application), values)


def uniform(level: int, **overrides) -> dict:
    values = dict.fromkeys(ALL, level)
    values.update(overrides)
    return values


@pytest.fixture
def opening(manager):
    opening = OpeningFactory(title="AM Shanghai", hiring_managers=[manager])
    strong = ApplicationFactory(opening=opening, candidate__name="Strong")
    rate(strong, uniform(5), uniform(4))
    middle = ApplicationFactory(opening=opening, candidate__name="Middle")
    rate(middle, uniform(3, experience=5), uniform(3, experience=1))
    thin = ApplicationFactory(opening=opening, candidate__name="Thin")
    rate(thin, uniform(5))
    ApplicationFactory(opening=opening, candidate__name="Unseen")
    return opening


def test_shortlist_ranks_from_the_database(opening):
    shortlist = build_shortlist(opening)
    assert [application.candidate.name for _, application in shortlist.rows()] == [
        "Strong",
        "Middle",
    ]
    strong, _ = shortlist.rows()[0]
    assert strong.score == pytest.approx(4.5)
    assert strong.score_100 == pytest.approx(87.5)
    middle, _ = shortlist.rows()[1]
    assert {flag.dimension for flag in middle.flags} == {"experience"}  # 5 vs 1
    assert [a.candidate.name for _, a in shortlist.pending()] == ["Thin", "Unseen"]


def test_drafts_and_not_assessed_do_not_count(opening):
    application = Application.objects.get(candidate__name="Middle")
    draft = InterviewFactory(application=application)
    from candidates.models import Scorecard

    Scorecard.objects.create(interview=draft)  # a draft with no submitted scores
    rate(application, {"experience": None, "crm": 5})
    row = next(r for r, a in build_shortlist(opening).rows() if a.pk == application.pk)
    assert row.dimensions["experience"].n == 2
    assert row.dimensions["crm"].n == 3
    assert row.scorecards == 3


def count_page_queries(client, opening, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("candidates:opening-shortlist", args=[opening.pk]) + query)
        assert response.status_code == 200
    return len(queries)


def grow(opening, applications: int) -> None:
    for index in range(applications):
        rate(ApplicationFactory(opening=opening), uniform(1 + index % 5), uniform(3))


def test_shortlist_query_count_is_the_same_at_5_and_50_applications(client, manager):
    client.force_login(manager)
    small, large = (
        OpeningFactory(hiring_managers=[manager]),
        OpeningFactory(hiring_managers=[manager]),
    )
    grow(small, 5)
    grow(large, 50)
    assert count_page_queries(client, small) == count_page_queries(client, large)


def test_page_shows_rank_flags_and_needs_more_evidence(client, manager, opening):
    client.force_login(manager)
    response = client.get(reverse("candidates:opening-shortlist", args=[opening.pk]))
    page = response.content.decode()
    assert "Raters disagree on Experience and skills" in page
    assert "Fewer than 2 submitted scorecards" in page
    assert [line.application.candidate.name for line in response.context["lines"]] == [
        "Strong",
        "Middle",
    ]


def test_needs_more_evidence_is_paginated_and_links_keep_the_filters(client, manager, opening):
    ApplicationFactory.create_batch(30, opening=opening)  # no scorecards: 32 pending in all
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[opening.pk])
    first = client.get(url, {"hide_flagged": "on"})
    assert len(first.context["pending"]) == 25
    assert "?hide_flagged=on&amp;pending_page=2" in first.content.decode()
    second = client.get(url, {"hide_flagged": "on", "pending_page": 2})
    assert len(second.context["pending"]) == 7
    assert [line.application.candidate.name for line in second.context["lines"]] == ["Strong"]


def test_filters_hide_flagged_and_by_stage(client, manager, opening):
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[opening.pk])
    hidden = client.get(url, {"hide_flagged": "on"}).context["lines"]
    assert [line.application.candidate.name for line in hidden] == ["Strong"]
    Application.objects.filter(candidate__name="Middle").update(stage="shortlisted")
    staged = client.get(url, {"stage": "shortlisted"}).context["lines"]
    assert [(line.application.candidate.name, line.row.rank) for line in staged] == [("Middle", 2)]


def normalise(cell) -> object:
    """Numbers as floats (Excel keeps 100.0 as 100), everything else as text."""
    if cell is None:
        return ""
    try:
        return float(cell)
    except ValueError:
        return str(cell)


def test_csv_and_excel_exports_hold_the_same_rows(client, manager, opening):
    client.force_login(manager)
    raw = client.get(reverse("candidates:opening-shortlist-csv", args=[opening.pk])).getvalue()
    csv_rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    xlsx = client.get(reverse("candidates:opening-shortlist-xlsx", args=[opening.pk])).getvalue()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    excel_rows = [[normalise(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert csv_rows[0][:3] == ["Rank", "Candidate", "E-mail"]
    assert [row[1] for row in csv_rows[1:]] == ["Strong", "Middle", "Thin", "Unseen"]
    assert [[normalise(cell) for cell in row] for row in csv_rows] == excel_rows


def test_export_headers_follow_the_language(client, manager, opening):
    client.force_login(manager)
    raw = (
        client.get(
            reverse("candidates:opening-shortlist-csv", args=[opening.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-Hans",
        )
        .getvalue()
        .decode("utf-8-sig")
    )
    assert raw.splitlines()[0].startswith("排名,候选人")


def test_ranking_json_matches_the_command(client, manager, opening):
    client.force_login(manager)
    web = client.get(reverse("candidates:opening-ranking-json", args=[opening.pk])).json()
    out = io.StringIO()
    call_command("ranking", "AM Shanghai", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == web
    first = web["rows"][0]
    assert first["rank"] == 1 and first["candidate"] == "Strong"
    assert first["dimensions"]["experience"] == {"mean": 4.5, "n": 2}
    assert set(first) >= {
        "rank",
        "candidate",
        "email",
        "score",
        "score_100",
        "coverage",
        "scorecards",
        "eligible",
        "reasons",
        "dimensions",
        "flags",
    }
    assert web["needs_more_evidence"][0]["rank"] is None
    assert "scorecards" in web["needs_more_evidence"][0]["reasons"]


def test_weights_option_changes_the_order_without_saving(opening):
    before = list(Dimension.objects.values_list("pk", "weight"))
    out = io.StringIO()
    call_command(
        "ranking",
        "AM Shanghai",
        "--format",
        "json",
        "--weights",
        ",".join(f"{code}=0" for code in ALL if code != "experience") + ",experience=1",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["weights"]["experience"] == 1.0
    # Middle's experience mean (3.0) is below Strong's (4.5) either way, so
    # check the scores moved to the experience-only values.
    assert [row["score"] for row in result["rows"]] == [4.5, 3.0]
    assert list(Dimension.objects.values_list("pk", "weight")) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["No such opening"], "No opening titled"),
        (["AM Shanghai", "--weights", "nonsense=3"], "Unknown dimension code"),
        (["AM Shanghai", "--weights", "crm=-2"], "crm: A weight cannot be negative"),
        (["AM Shanghai", "--weights", "crm=abc"], "crm: Enter a number"),
        (["AM Shanghai", "--weights", "crm=100000"], "crm: At most 9999.99 points"),
        (["AM Shanghai", "--weights", "crm"], "is not code=points"),
    ],
)
def test_ranking_command_refuses_bad_input(opening, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("ranking", *args)


def test_manager_records_a_decision_with_a_note(client, manager, opening):
    application = Application.objects.get(candidate__name="Strong")
    client.force_login(manager)
    response = client.post(
        reverse("candidates:application-decision", args=[application.pk]),
        {"decision": "offer", "note": "Best on experience; references checked"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.decided_by) == ("offer", manager)
    assert application.decision_note == "Best on experience; references checked"


def test_hr_cannot_record_a_manager_decision(client, hr, opening):
    application = Application.objects.get(candidate__name="Strong")
    client.force_login(hr)
    url = reverse("candidates:application-decision", args=[application.pk])
    assert client.post(url, {"decision": "offer"}).status_code == 403


def test_compare_needs_two_to_four_and_shows_the_radar(client, manager, opening):
    client.force_login(manager)
    url = reverse("candidates:opening-compare", args=[opening.pk])
    ids = list(Application.objects.filter(opening=opening).values_list("pk", flat=True))
    assert client.get(url, {"a": ids[:1]}).status_code == 302
    page = client.get(url, {"a": ids[:3]}).content.decode()
    assert "<svg" in page and "Opening average" in page
    assert "Strong" in page and "Middle" in page


def ahead_and_behind(manager):
    """Ahead: 4 on every dimension; Behind: 5 on experience, 3 elsewhere (two cards each)."""
    opening = OpeningFactory(hiring_managers=[manager])
    ahead = ApplicationFactory(opening=opening, candidate__name="Ahead")
    rate(ahead, uniform(4), uniform(4))
    behind = ApplicationFactory(opening=opening, candidate__name="Behind")
    rate(behind, uniform(3, experience=5), uniform(3, experience=5))
    return opening


def test_json_and_page_say_which_single_weight_would_swap_neighbours(client, manager):
    """Ahead: 4 everywhere. Behind: 5 on experience (20 points), 3 elsewhere: 3.4.

    Raising experience by 60 points ties them at 4.0: 80 of 160, i.e. 20% -> 50%.
    """
    opening = ahead_and_behind(manager)
    client.force_login(manager)
    rows = client.get(reverse("candidates:opening-ranking-json", args=[opening.pk])).json()["rows"]
    assert rows[0]["flip"] is None
    assert rows[1]["flip"] == {"dimension": "experience", "weight": 20.0, "flip_at": 50.0}
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk])).content.decode()
    assert "Behind would overtake Ahead if Experience and skills went from 20% to 50%." in page


def test_json_and_page_say_what_lifts_each_candidate_above_the_average(client, manager):
    """Averages: experience 4.5, the rest 3.5. Ahead (4 everywhere) is 0.5 above on
    nine dimensions: customer orientation (16 points) lifts most, then culture fit
    (8, first of the rubric's equal ones). Behind gains only on experience (+0.5)."""
    opening = ahead_and_behind(manager)
    client.force_login(manager)
    rows = client.get(reverse("candidates:opening-ranking-json", args=[opening.pk])).json()["rows"]
    assert rows[0]["ahead_on"] == [
        {"dimension": "customer_orientation", "above_average": 0.5},
        {"dimension": "culture_fit", "above_average": 0.5},
    ]
    assert rows[1]["ahead_on"] == [{"dimension": "experience", "above_average": 0.5}]
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk])).content.decode()
    assert "Ahead mostly on Customer orientation (+0.5) and Culture fit (+0.5)." in page
    assert "Ahead mostly on Experience and skills (+0.5)." in page


def test_page_says_when_no_single_weight_can_swap_neighbours(client, manager, opening):
    client.force_login(manager)
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk])).content.decode()
    assert "No change of a single weight would put Middle ahead of Strong." in page


def test_what_if_weights_rerank_with_arrows_and_save_nothing(client, manager):
    """Saved weights favour Ana (experience 5); CRM alone favours Bo."""
    opening = OpeningFactory(hiring_managers=[manager])
    rate(
        ApplicationFactory(opening=opening, candidate__name="Ana"),
        uniform(3, experience=5),
        uniform(3, experience=5),
    )
    rate(
        ApplicationFactory(opening=opening, candidate__name="Bo"),
        uniform(3, crm=5),
        uniform(3, crm=5),
    )
    saved = dict(Dimension.objects.filter(rubric=opening.rubric).values_list("code", "weight"))
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[opening.pk])
    official = client.get(url)
    assert [line.application.candidate.name for line in official.context["lines"]] == ["Ana", "Bo"]
    trial = {f"w_{code}": 0 for code in ALL} | {"w_crm": 10}
    response = client.get(url, trial)
    assert response.context["trying"]
    assert [line.application.candidate.name for line in response.context["lines"]] == ["Bo", "Ana"]
    page = response.content.decode()
    assert "▲ 1" in page and "▼ 1" in page and "Nothing is saved" in page
    assert (
        dict(Dimension.objects.filter(rubric=opening.rubric).values_list("code", "weight")) == saved
    )


def test_what_if_with_all_zero_weights_says_so_and_keeps_the_official_order(
    client, manager, opening
):
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[opening.pk])
    response = client.get(url, {f"w_{code}": 0 for code in ALL})
    assert not response.context["trying"]
    assert "At least one weight must be above zero." in response.content.decode()
    assert [line.application.candidate.name for line in response.context["lines"]] == [
        "Strong",
        "Middle",
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-2", "A weight cannot be negative."),
        ("abc", "Enter a number."),
        ("100000", "At most 9999.99 points."),
    ],
)
def test_what_if_checks_weights_as_the_editor_does(client, manager, opening, typed, message):
    """One rule for weights: the what-if panel says what the editor and the command say."""
    client.force_login(manager)
    url = reverse("candidates:opening-shortlist", args=[opening.pk])
    response = client.get(url, {"w_crm": typed})
    assert not response.context["trying"]
    assert response.context["whatif"].errors["w_crm"] == [message]
    assert f'value="{typed}"' in response.content.decode()


@pytest.mark.parametrize("bad", ["²", "①", "٣", "9" * 40, "-1", "1.0"])
def test_compare_skips_ids_that_are_not_plain_digits(client, manager, opening, bad):
    """Before: "²" passed isdigit() and int() raised, a 500."""
    client.force_login(manager)
    url = reverse("candidates:opening-compare", args=[opening.pk])
    response = client.get(url, {"a": [bad, bad]})
    assert response.status_code == 302  # back to the shortlist, with the message
    assert response.url == reverse("candidates:opening-shortlist", args=[opening.pk])


def test_ranking_command_refuses_weights_too_large_to_be_finite(opening):
    """Before: crm=1e309 ranked nobody and exited 0; 1e308 printed NaN into the JSON."""
    for huge in ("1e309", "1e308", "inf", "nan"):
        with pytest.raises(CommandError, match="crm: "):
            call_command("ranking", "AM Shanghai", "--weights", f"crm={huge}")


def test_the_decision_note_box_counts_and_never_cuts(client, manager, opening):
    client.force_login(manager)
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk])).content.decode()
    boxes = textareas(page, "note")
    assert len(boxes) == 2  # one per ranked candidate
    for box in boxes:
        assert_counted_not_cut(box)


def test_a_decision_note_past_the_limit_is_refused_under_the_field_and_kept(
    client, manager, opening
):
    application = Application.objects.get(candidate__name="Strong")
    client.force_login(manager)
    note = "备注" * (PASTED // 2)
    url = reverse("candidates:application-decision", args=[application.pk])
    response = client.post(url, {"decision": "offer", "note": note})
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "note") == too_long(PASTED)
    assert textarea_value(page, "note") == note
    application.refresh_from_db()
    assert (application.stage, application.decision_note, application.decided_by) == (
        "applied",
        "",
        None,
    )
    response = client.post(url, {"decision": "offer", "note": note[:MAX_TEXT]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision_note == note[:MAX_TEXT]


# Hiring teams: a manager off the opening's team sees nothing of it -----------------------


OPENING_PAGES = [
    "candidates:opening-detail",
    "candidates:opening-shortlist",
    "candidates:opening-shortlist-csv",
    "candidates:opening-shortlist-xlsx",
    "candidates:opening-shortlist-json",
    "candidates:opening-ranking-json",
    "candidates:opening-agreement",
    "candidates:opening-interviewers",
]


@pytest.mark.parametrize("name", OPENING_PAGES)
def test_a_manager_off_the_team_gets_404_without_the_title(
    client, manager_elsewhere, opening, name
):
    client.force_login(manager_elsewhere)
    response = client.get(reverse(name, args=[opening.pk]))
    assert response.status_code == 404
    assert opening.title not in response.content.decode()


@pytest.mark.parametrize("name", OPENING_PAGES)
def test_a_manager_on_the_team_opens_every_page_of_the_opening(client, manager, opening, name):
    client.force_login(manager)
    assert client.get(reverse(name, args=[opening.pk])).status_code == 200


def test_a_manager_off_the_team_cannot_record_a_decision(client, manager_elsewhere, opening):
    application = Application.objects.get(candidate__name="Strong")
    client.force_login(manager_elsewhere)
    url = reverse("candidates:application-decision", args=[application.pk])
    response = client.post(url, {"decision": "offer", "note": "Not my opening"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert (application.stage, application.decided_by, application.decision_note) == (
        "applied",
        None,
        "",
    )
    assert not application.stage_changes.exists()


def test_a_rubric_admin_reads_every_shortlist_but_records_no_decision(
    client, rubric_admin, opening
):
    client.force_login(rubric_admin)
    page = client.get(reverse("candidates:opening-shortlist", args=[opening.pk]))
    assert page.status_code == 200
    assert "Strong" in page.content.decode()
    application = Application.objects.get(candidate__name="Strong")
    url = reverse("candidates:application-decision", args=[application.pk])
    assert client.post(url, {"decision": "offer"}).status_code == 403


def test_scoping_adds_no_query_to_the_shortlist(client, hr, manager, opening):
    client.force_login(hr)
    for_hr = count_page_queries(client, opening)
    client.force_login(manager)
    assert count_page_queries(client, opening) <= for_hr
