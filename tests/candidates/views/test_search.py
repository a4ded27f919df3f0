"""Finding candidates: the candidate list's search and filters, the shortlist's filters
and key-account view, and exports that hold the page's rows."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from candidates.models import Candidate, ClientSize
from tests.candidates.views.test_shortlists import rate, uniform
from tests.factories import ApplicationFactory, CandidateFactory, OpeningFactory

pytestmark = pytest.mark.django_db

LIST = reverse("candidates:candidate-list")


@pytest.fixture
def people(db):
    CandidateFactory(
        name="Ann Zhou",
        crm_systems=["Zoho CRM"],
        client_segments=[ClientSize.SMALL],
        industries=["Retail banking"],
        years_experience=3,
        current_company="Bank of Ningbo",
    )
    CandidateFactory(
        name="李娜",
        crm_systems=["纷享销客", "Salesforce"],
        client_segments=[ClientSize.KEY],
        industries=["制造业"],
        years_experience=8,
        current_company="华为",
    )
    CandidateFactory(
        name="Bo Smith",
        crm_systems=["Salesforce"],
        client_segments=[ClientSize.MID],
        industries=["Insurance"],
        years_experience=12,
        current_company="Ping An",
    )


def listed(client, **query) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [candidate.name for candidate in response.context["candidates"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "Zoho"}, ["Ann Zhou"]),
        ({"q": "纷享销客"}, ["李娜"]),
        ({"q": "Salesforce"}, ["Bo Smith", "李娜"]),
        ({"crm": "zoho crm, 纷享销客"}, ["Ann Zhou", "李娜"]),
        ({"crm": "CRM"}, []),
        ({"segment": ["key", "mid"]}, ["Bo Smith", "李娜"]),
        ({"industry": "INSURANCE"}, ["Bo Smith"]),
        ({"years_min": "4", "years_max": "10"}, ["李娜"]),
        ({"company": "ningbo"}, ["Ann Zhou"]),
        ({"q": "Salesforce", "segment": "mid", "years_min": "10"}, ["Bo Smith"]),
    ],
)
def test_the_list_searches_and_filters_from_the_url(client, hr, people, query, expected):
    client.force_login(hr)
    assert listed(client, **query) == expected


def test_the_list_in_chinese_matches_chinese_tags_and_labels(client, hr, people):
    client.force_login(hr)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(LIST, {"q": "纷享", "segment": "key"}, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    page = response.content.decode()
    assert [c.name for c in response.context["candidates"]] == ["李娜"]
    assert "大客户" in page  # the segment's label, translated, in the filter and the row


def test_the_pager_keeps_the_search_and_filters(client, hr):
    CandidateFactory.create_batch(55, crm_systems=["Salesforce"], industries=["Retail"])
    CandidateFactory.create_batch(3, crm_systems=["Zoho CRM"])
    client.force_login(hr)
    first = client.get(LIST, {"crm": "salesforce", "industry": "retail"})
    assert first.context["paginator"].count == 55
    assert "crm=salesforce&amp;industry=retail&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"crm": "salesforce", "industry": "retail", "page": 2})
    assert len(second.context["candidates"]) == 5


def test_tag_inputs_offer_the_tags_in_use(client, hr, people):
    client.force_login(hr)
    page = client.get(LIST).content.decode()
    assert 'list="id_crm-tags"' in page and '<option value="纷享销客"></option>' in page
    assert '<option value="Insurance"></option>' in page
    assert "js/tags.js" in page


@pytest.mark.parametrize(
    "query, field, message, left",
    [
        ({"years_min": "abc"}, "years_min", "Enter a whole number.", 3),
        ({"years_max": "9" * 5000}, "years_max", "Enter a whole number.", 3),
        ({"years_min": "99999999999999999999"}, "years_min", "less than or equal to 70", 3),
        ({"years_min": "-1"}, "years_min", "greater than or equal to 0", 3),
        # The valid "from" still applies: only Bo has 9 years or more.
        ({"years_min": "9", "years_max": "3"}, "years_max", "at least the “from” value (9)", 1),
        ({"segment": "huge"}, "segment", "Select a valid choice", 3),
        ({"crm": "x" * 300}, "crm", "at most 200 characters", 3),
    ],
)
def test_bad_filters_get_a_message_next_to_the_field(
    client, hr, people, query, field, message, left
):
    client.force_login(hr)
    response = client.get(LIST, query)
    assert response.status_code == 200
    errors = response.context["search"].errors[field]
    assert any(message in error for error in errors)
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page or field == "segment"
    assert len(response.context["candidates"]) == left  # the bad filter is left out


def test_a_managers_list_stays_on_their_openings(client, manager, people):
    opening = OpeningFactory(hiring_managers=[manager])
    ApplicationFactory(opening=opening, candidate=Candidate.objects.get(name="Bo Smith"))
    ApplicationFactory(candidate=Candidate.objects.get(name="李娜"))
    client.force_login(manager)
    assert listed(client, q="Salesforce") == ["Bo Smith"]
    assert listed(client, segment="key") == []
    assert "纷享销客" not in client.get(LIST).content.decode()  # no suggestion from elsewhere


def count_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


def test_the_filtered_list_reads_in_the_same_queries_at_two_sizes(client, hr):
    query = {"q": "sales", "crm": "Salesforce", "segment": "key", "years_min": "1"}
    client.force_login(hr)
    CandidateFactory.create_batch(3, crm_systems=["Salesforce"], client_segments=["key"])
    few = count_queries(client, LIST, query)
    CandidateFactory.create_batch(60, crm_systems=["Salesforce", "X"], client_segments=["key"])
    assert count_queries(client, LIST, query) == few


# The shortlist -------------------------------------------------------------------------


@pytest.fixture
def key_opening(manager):
    """Five ranked candidates, best first A..E, and one needing more evidence."""
    opening = OpeningFactory(
        title="Key accounts", client_size=ClientSize.KEY, hiring_managers=[manager]
    )
    profiles = [
        ("A Key", ["Salesforce"], [ClientSize.KEY], ["Manufacturing"], 10, "Haier"),
        ("B Small", ["Zoho CRM"], [ClientSize.SMALL], ["Retail"], 2, "Shop"),
        ("C 纷享", ["纷享销客"], [ClientSize.KEY, ClientSize.MID], ["制造业"], 6, "华为"),
        ("D Mid", ["salesforce"], [ClientSize.MID], ["Insurance"], 5, "Ping An"),
        ("E None", [], [], [], None, ""),
    ]
    for level, (name, crm, segments, industries, years, company) in zip(
        [5, 4.5, 4, 3.5, 3], profiles, strict=True
    ):
        application = ApplicationFactory(
            opening=opening,
            candidate__name=name,
            candidate__crm_systems=crm,
            candidate__client_segments=segments,
            candidate__industries=industries,
            candidate__years_experience=years,
            candidate__current_company=company,
        )
        low, high = int(level), round(level + 0.49)
        rate(application, uniform(low), uniform(high))
    pending = ApplicationFactory(
        opening=opening,
        candidate__name="F Pending",
        candidate__crm_systems=["Salesforce"],
        candidate__client_segments=[ClientSize.KEY],
    )
    rate(pending, uniform(4))
    return opening


def shortlist(client, opening, **query):
    response = client.get(reverse("candidates:opening-shortlist", args=[opening.pk]), query)
    assert response.status_code == 200
    return response


def ranked(response) -> list[tuple[str, int]]:
    return [(line.application.candidate.name, line.row.rank) for line in response.context["lines"]]


def pending(response) -> list[str]:
    return [line.application.candidate.name for line in response.context["pending"]]


def test_the_shortlist_filters_keep_each_rank_in_the_whole_ranking(client, manager, key_opening):
    client.force_login(manager)
    everyone = shortlist(client, key_opening)
    assert [rank for _name, rank in ranked(everyone)] == [1, 2, 3, 4, 5]
    crm = shortlist(client, key_opening, crm="SALESFORCE")
    assert ranked(crm) == [("A Key", 1), ("D Mid", 4)]
    assert pending(crm) == ["F Pending"]
    page = crm.content.decode()
    assert "Rank (of all)" in page and "Showing 2 of 5 ranked candidates" in page
    segments = shortlist(client, key_opening, segment=["mid", "small"], years_min="3")
    assert ranked(segments) == [("C 纷享", 3), ("D Mid", 4)]
    assert ranked(shortlist(client, key_opening, industry="制造业, manufacturing")) == [
        ("A Key", 1),
        ("C 纷享", 3),
    ]
    assert ranked(shortlist(client, key_opening, company="ping")) == [("D Mid", 4)]
    assert ranked(shortlist(client, key_opening, years_max="5")) == [("B Small", 2), ("D Mid", 4)]


def test_minimum_score_and_coverage_filter_on_the_page_scale(client, manager, key_opening):
    client.force_login(manager)
    scores = {
        line.application.candidate.name: line.row.score_100
        for line in shortlist(client, key_opening).context["lines"]
    }
    least = scores["B Small"]
    above = shortlist(client, key_opening, min_score=f"{least:.1f}")
    assert [name for name, _rank in ranked(above)] == [n for n, s in scores.items() if s >= least]
    assert ranked(above) == [("A Key", 1), ("B Small", 2)]
    assert pending(above) == []  # F's provisional score (one card at 4) is below B's
    assert len(ranked(shortlist(client, key_opening, min_coverage="100"))) == 5


def test_the_key_account_view_shows_and_filters_who_served_key_accounts(
    client, manager, key_opening
):
    client.force_login(manager)
    response = shortlist(client, key_opening)
    page = response.content.decode()
    assert "Key accounts served" in page and "Served key accounts" in page
    profiles = response.context["profiles"]
    served = {
        line.application.candidate.name: profiles[line.row.key]
        for line in response.context["lines"]
    }
    assert served["A Key"].served_key_accounts and not served["B Small"].served_key_accounts
    assert "Manufacturing" in page and "制造业" in page
    only = shortlist(client, key_opening, key_accounts="on")
    assert ranked(only) == [("A Key", 1), ("C 纷享", 3)]
    assert pending(only) == ["F Pending"]


def test_an_opening_not_for_key_accounts_shows_no_key_account_column(client, manager):
    opening = OpeningFactory(client_size=ClientSize.MID, hiring_managers=[manager])
    ApplicationFactory(opening=opening)
    client.force_login(manager)
    response = shortlist(client, opening)
    assert not response.context["key_account"]
    assert "Key accounts served" not in response.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ({"min_score": "abc"}, "min_score"),
        ({"min_score": "1e999"}, "min_score"),
        ({"min_score": "NaN"}, "min_score"),
        ({"min_coverage": "101"}, "min_coverage"),
        ({"years_min": "2", "years_max": "1"}, "years_max"),
        ({"years_min": "9" * 400}, "years_min"),
    ],
)
def test_bad_shortlist_filters_get_a_message_and_the_rest_applies(
    client, manager, key_opening, query, field
):
    client.force_login(manager)
    response = shortlist(client, key_opening, crm="Salesforce", **query)
    assert response.context["filters"].errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert ranked(response) == [("A Key", 1), ("D Mid", 4)]
    export = client.get(
        reverse("candidates:opening-shortlist-csv", args=[key_opening.pk]),
        {"crm": "Salesforce", **query},
    )
    assert export.status_code == 200


def csv_rows(client, opening, query: str) -> list[list[str]]:
    url = reverse("candidates:opening-shortlist-csv", args=[opening.pk]) + query
    raw = client.get(url).getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(raw)))


def test_the_exports_hold_the_rows_the_page_shows(client, manager, key_opening):
    client.force_login(manager)
    query = {"crm": "salesforce", "segment": ["key", "mid"], "min_coverage": "80"}
    response = shortlist(client, key_opening, **query)
    shown = [*ranked(response), *((name, None) for name in pending(response))]
    export_query = response.context["export_query"]
    page = response.content.decode()
    csv_link = reverse("candidates:opening-shortlist-csv", args=[key_opening.pk]) + export_query
    assert csv_link.replace("&", "&amp;") in page
    header, *rows = csv_rows(client, key_opening, export_query)
    assert [(row[1], int(row[0]) if row[0] else None) for row in rows] == shown
    assert header[4:7] == ["CRM systems", "Client segments", "Industries"]
    assert rows[0][4:7] == ["Salesforce", "Key account", "Manufacturing"]
    xlsx = client.get(
        reverse("candidates:opening-shortlist-xlsx", args=[key_opening.pk]) + export_query
    )
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [n for n, _ in shown]
    url = reverse("candidates:opening-shortlist-json", args=[key_opening.pk]) + export_query
    document = json.loads(client.get(url).getvalue())
    assert [(r["candidate"], r["rank"]) for r in document["rows"]] == ranked(response)
    assert [r["candidate"] for r in document["needs_more_evidence"]] == pending(response)
    assert document["total"] == len(shown) and document["total_all"] == 6
    assert document["filters"] == {
        "crm": ["salesforce"],
        "segment": ["key", "mid"],
        "min_coverage": 80.0,
    }
    page_url = reverse("candidates:opening-ranking-json", args=[key_opening.pk]) + export_query
    one_page = client.get(page_url).json()
    assert one_page["rows"] == document["rows"]


def test_exports_and_ranking_json_carry_the_candidates_tags(client, manager, key_opening):
    client.force_login(manager)
    document = client.get(reverse("candidates:opening-ranking-json", args=[key_opening.pk])).json()
    third = next(row for row in document["rows"] if row["candidate"] == "C 纷享")
    assert third["crm_systems"] == ["纷享销客"]
    assert third["client_segments"] == ["key", "mid"]
    assert third["industries"] == ["制造业"]
    assert document["filters"] == {} and document["total"] == document["total_all"] == 6
    rows = csv_rows(client, key_opening, "")
    assert len(rows) == 7
    zh = (
        client.get(
            reverse("candidates:opening-shortlist-csv", args=[key_opening.pk]),
            HTTP_ACCEPT_LANGUAGE="zh-Hans",
        )
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "大客户" in zh


def test_filtered_flips_compare_with_the_row_above_in_the_whole_ranking(
    client, manager, key_opening
):
    client.force_login(manager)
    whole = client.get(reverse("candidates:opening-ranking-json", args=[key_opening.pk])).json()
    url = reverse("candidates:opening-ranking-json", args=[key_opening.pk])
    filtered = client.get(url, {"crm": "salesforce"}).json()
    by_name = {row["candidate"]: row["flip"] for row in whole["rows"]}
    assert [row["flip"] for row in filtered["rows"]] == [by_name["A Key"], by_name["D Mid"]]


def grow_key_opening(opening, applications: int) -> None:
    for index in range(applications):
        application = ApplicationFactory(
            opening=opening,
            candidate__crm_systems=["Salesforce"] if index % 2 else ["Zoho CRM"],
            candidate__client_segments=[ClientSize.KEY],
            candidate__years_experience=index % 9,
        )
        rate(application, uniform(1 + index % 5), uniform(3))


def test_the_filtered_shortlist_and_exports_read_in_the_same_queries_at_two_sizes(client, manager):
    client.force_login(manager)
    small, large = (
        OpeningFactory(client_size=ClientSize.KEY, hiring_managers=[manager]),
        OpeningFactory(client_size=ClientSize.KEY, hiring_managers=[manager]),
    )
    grow_key_opening(small, 4)
    grow_key_opening(large, 40)
    query = {"crm": "salesforce", "key_accounts": "on", "years_min": "2", "min_score": "10"}
    for name in ("opening-shortlist", "opening-ranking-json", "opening-shortlist-json"):
        counts = [
            count_queries(client, reverse(f"candidates:{name}", args=[opening.pk]), query)
            for opening in (small, large)
        ]
        assert counts[0] == counts[1], name


def test_a_manager_off_the_team_cannot_filter_another_shortlist(
    client, manager_elsewhere, key_opening
):
    client.force_login(manager_elsewhere)
    for name in ("opening-shortlist", "opening-shortlist-csv", "opening-ranking-json"):
        url = reverse(f"candidates:{name}", args=[key_opening.pk])
        assert client.get(url, {"crm": "Salesforce"}).status_code == 404


def test_a_what_if_keeps_the_filters_and_the_official_ranks_stay_whole(
    client, manager, key_opening
):
    client.force_login(manager)
    response = shortlist(client, key_opening, crm="salesforce", w_experience="90")
    assert response.context["trying"]
    assert {name for name, _rank in ranked(response)} == {"A Key", "D Mid"}
    page = response.content.decode()
    assert '<input type="hidden" name="crm" value="salesforce">' in page
    assert "w_experience" not in response.context["export_query"]
    assert "crm=salesforce" in response.context["export_query"]
