"""The candidate search and filters as a selector: tags matched by their key, in both
languages, on the database in use (SQLite's json_each or PostgreSQL's jsonb)."""

import pytest
from django.utils import translation

from candidates.models import ClientSize
from candidates.selectors.candidates import (
    CandidateFilters,
    distinct_tags,
    search_candidates,
    tags_for_user,
)
from tests.factories import ApplicationFactory, CandidateFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "zoho": CandidateFactory(
            name="Ann Zhou",
            crm_systems=["Zoho CRM"],
            client_segments=[ClientSize.SMALL],
            industries=["Retail banking"],
            years_experience=3,
            current_company="Bank of Ningbo",
        ),
        "fx": CandidateFactory(
            name="李娜",
            crm_systems=["纷享销客", "Salesforce"],
            client_segments=[ClientSize.KEY, ClientSize.MID],
            industries=["制造业"],
            years_experience=8,
            current_company="华为",
        ),
        "sf": CandidateFactory(
            name="Bo Smith",
            crm_systems=["Salesforce"],
            client_segments=[ClientSize.MID],
            industries=["Insurance", "Retail banking"],
            years_experience=12,
            current_company="Ping An",
        ),
        "bare": CandidateFactory(name="Cy Nobody"),
    }


def names(hr, filters=None, query: str = "") -> set[str]:
    return {c.name for c in search_candidates(query, hr, filters)}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Zoho", {"Ann Zhou"}),
        ("zoho crm", {"Ann Zhou"}),
        ("ＺＯＨＯ　crm", {"Ann Zhou"}),  # full-width letters and space
        ("纷享销客", {"李娜"}),
        ("销客", {"李娜"}),
        ("Salesforce", {"李娜", "Bo Smith"}),
        ("retail BANKING", {"Ann Zhou", "Bo Smith"}),
        ("制造", {"李娜"}),
        ("Ping", {"Bo Smith"}),
        ("Key account", {"李娜"}),
        ("大客户", {"李娜"}),
        ("nothing like it", set()),
    ],
)
def test_free_text_finds_names_companies_tags_and_segments(hr, people, query, expected):
    assert names(hr, query=query) == expected


def test_a_tag_filter_matches_the_whole_tag_not_a_part(hr, people):
    assert names(hr, CandidateFilters(crm_systems=("CRM",))) == set()
    assert names(hr, CandidateFilters(crm_systems=(" zoho   crm ",))) == {"Ann Zhou"}
    assert names(hr, CandidateFilters(crm_systems=("zoho crm", "纷享销客"))) == {"Ann Zhou", "李娜"}


def test_filters_combine_and_each_is_any_of(hr, people):
    both = CandidateFilters(crm_systems=("salesforce",), client_segments=(ClientSize.MID,))
    assert names(hr, both) == {"李娜", "Bo Smith"}
    narrower = CandidateFilters(
        crm_systems=("salesforce",), client_segments=(ClientSize.MID,), years_min=10
    )
    assert names(hr, narrower) == {"Bo Smith"}
    assert names(hr, CandidateFilters(years_min=3, years_max=8)) == {"Ann Zhou", "李娜"}
    assert names(hr, CandidateFilters(company="ningbo")) == {"Ann Zhou"}
    assert names(hr, CandidateFilters(company="华")) == {"李娜"}
    industries = CandidateFilters(industries=("retail banking", "制造业"))
    assert names(hr, industries) == {"Ann Zhou", "李娜", "Bo Smith"}
    segments = CandidateFilters(client_segments=(ClientSize.KEY, ClientSize.SMALL))
    assert names(hr, segments) == {"Ann Zhou", "李娜"}


def test_a_chinese_query_in_the_chinese_interface(hr, people):
    with translation.override("zh-hans"):
        assert names(hr, query="纷享") == {"李娜"}
        assert names(hr, query="中型") == names(hr, CandidateFilters(client_segments=("mid",)))


def test_legacy_spellings_of_one_tag_are_all_found(hr, people):
    CandidateFactory(name="Old Row", crm_systems=["zoho  CRM"])  # stored before folding
    assert names(hr, CandidateFilters(crm_systems=("Zoho CRM",))) == {"Ann Zhou", "Old Row"}


def test_distinct_tags_lists_each_tag_once_per_field(people):
    in_use = distinct_tags()
    assert set(in_use["crm_systems"]) == {"zoho crm", "纷享销客", "salesforce"}
    assert in_use["crm_systems"]["salesforce"] == ["Salesforce"]
    assert set(in_use["industries"]) == {"retail banking", "制造业", "insurance"}


def test_a_managers_search_and_tags_stay_on_their_openings(manager, people):
    opening = OpeningFactory(hiring_managers=[manager])
    ApplicationFactory(opening=opening, candidate=people["sf"])
    ApplicationFactory(candidate=people["fx"])  # another team's opening
    assert names(manager, query="Salesforce") == {"Bo Smith"}
    assert names(manager, CandidateFilters(client_segments=("key",))) == set()
    assert set(tags_for_user(manager)["crm_systems"]) == {"salesforce"}
