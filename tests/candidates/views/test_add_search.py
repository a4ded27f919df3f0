"""Adding an existing candidate to an opening: HR search, the page lists a few matches.

Before, the form listed every candidate in one <select>: 100,000 <option>s at 100,000
candidates. Now nothing is listed until HR types part of a name or e-mail, or a code.
"""

import pytest
from django.test import Client
from django.urls import reverse
from factory import Sequence

from candidates.forms.records import CANDIDATES_OFFERED
from candidates.models import Application
from tests.conftest import logged_in
from tests.factories import ApplicationFactory, CandidateFactory, OpeningFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"


def numbered(stem: str) -> Sequence:
    return Sequence(lambda n: f"{stem} {n:03}")


def search(client: Client, opening, text: str, **headers):
    url = reverse("candidates:opening-detail", args=[opening.pk])
    return client.get(url, {"find": text}, headers=headers)


def offered(response) -> list[str]:
    return [label for _, label in response.context["add_form"].fields["candidate"].choices]


def add(client: Client, opening, **data):
    return client.post(reverse("candidates:application-create", args=[opening.pk]), data)


def matches_region(response) -> str:
    """The part of the page htmx swaps in (data-hx-select="#candidate-matches")."""
    html = response.content.decode()
    start = html.index('<div id="candidate-matches"')
    return html[start : html.index('<p class="small mb-0 mt-2">', start)]


def test_the_opening_page_lists_no_candidate_until_hr_search(hr):
    CandidateFactory.create_batch(30, name=numbered("Listed"))
    response = logged_in(hr).get(reverse("candidates:opening-detail", args=[OpeningFactory().pk]))
    html = response.content.decode()
    assert offered(response) == []
    assert "Listed 0" not in html and 'name="candidate"' not in html
    assert 'name="find"' in html


def test_part_of_a_name_offers_the_matches_not_yet_on_the_opening(hr):
    opening = OpeningFactory()
    ApplicationFactory(opening=opening, candidate__name="Alice Chen")
    CandidateFactory(name="Alicia Wong", email="alicia@example.com")
    CandidateFactory(name="Bob Lee")
    response = search(logged_in(hr), opening, "ALI")
    assert response.status_code == 200
    assert offered(response) == ["Alicia Wong (alicia@example.com)"]


@pytest.mark.parametrize("text", ["wang.fang@", "C-{pk:05d}", "c-{pk}", "{pk}"])
def test_part_of_an_email_or_the_candidate_code_finds_the_candidate(hr, text):
    wanted = CandidateFactory(name="王芳", email="wang.fang@example.com")
    CandidateFactory(name="Other", email="other@example.com")
    response = search(logged_in(hr), OpeningFactory(), text.format(pk=wanted.pk))
    assert offered(response) == ["王芳 (wang.fang@example.com)"]


def test_at_most_twenty_matches_are_listed_and_the_page_says_there_are_more(hr):
    CandidateFactory.create_batch(CANDIDATES_OFFERED + 5, name=numbered("Zhao"))
    response = search(logged_in(hr), OpeningFactory(), "zhao")
    assert len(offered(response)) == CANDIDATES_OFFERED
    region = matches_region(response)
    assert region.count('type="radio"') == CANDIDATES_OFFERED
    assert "Only the first 20 matches are shown" in region


def test_a_search_with_no_match_says_so(hr):
    opening = OpeningFactory()
    ApplicationFactory(opening=opening, candidate__name="Only One")
    region = matches_region(search(logged_in(hr), opening, "only"))
    assert "No candidate matches “only”, or those who do are already on this opening." in region
    assert 'name="candidate"' not in region


@pytest.mark.parametrize("size", [5, 50])
def test_the_search_takes_the_same_queries_however_many_candidates_match(
    hr, django_assert_num_queries, size
):
    opening = OpeningFactory()
    ApplicationFactory.create_batch(3, opening=opening)
    CandidateFactory.create_batch(size, name=numbered("Sun"))
    client = logged_in(hr)
    # Session, user, roles; the opening, its managers and interviewers; the applications'
    # count, page and the page's interview counts; and one for the search, at 5 matches
    # as at 50.
    with django_assert_num_queries(10):
        response = search(client, opening, "sun")
    assert len(offered(response)) == min(size, CANDIDATES_OFFERED)


def test_htmx_and_the_plain_form_get_the_same_matches(hr):
    opening = OpeningFactory()
    CandidateFactory(name="Li Na", email="li.na@example.com")
    client = logged_in(hr)
    plain = search(client, opening, "li")
    swapped = search(client, opening, "li", HX_Request="true")
    assert "Li Na (li.na@example.com)" in matches_region(plain)
    tokens = str(plain.context["csrf_token"]), str(swapped.context["csrf_token"])
    assert matches_region(plain).replace(tokens[0], "") == matches_region(swapped).replace(
        tokens[1], ""
    )
    form = plain.content.decode().split('role="search"')[1].split(">")[0]
    assert 'data-hx-select="#candidate-matches"' in form


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type part of a name or e-mail, or a candidate code."),
        ("   ", "Type part of a name or e-mail, or a candidate code."),
        ("x" * 10_000, "Ensure this value has at most 254 characters (it has 10000)."),
        ("Ann" + NUL, "Null characters are not allowed."),
    ],
)
def test_bad_search_is_refused_next_to_the_field_and_kept(hr, text, message):
    CandidateFactory(name="Ann")
    response = search(logged_in(hr), OpeningFactory(), text)
    assert response.status_code == 200
    assert list(response.context["find_form"].errors["find"]) == [message]
    assert f'<div class="invalid-feedback d-block" id="id_find_error">{message}</div>' in (
        matches_region(response)
    )
    if text:
        assert f'value="{text}"' in response.content.decode()
    assert offered(response) == []


@pytest.mark.parametrize("text", ["' OR 1=1 --", "%", "_", "\\", "Ann'; DROP TABLE x; --"])
def test_sql_like_text_is_searched_as_text(hr, text):
    CandidateFactory(name="Ann")
    CandidateFactory(name="Bob")
    response = search(logged_in(hr), OpeningFactory(), text)
    assert response.status_code == 200
    assert offered(response) == []
    assert "No candidate matches" in matches_region(response)


def test_hr_add_a_found_candidate(hr):
    opening = OpeningFactory()
    candidate = CandidateFactory(name="Deng Lin", email="deng.lin@example.com")
    client = logged_in(hr)
    assert offered(search(client, opening, "deng")) == ["Deng Lin (deng.lin@example.com)"]
    response = add(client, opening, candidate=candidate.pk, find="deng")
    assert response.status_code == 302
    assert Application.objects.get().candidate == candidate
    assert f"{candidate.name} added to" in client.get(response.url).content.decode()
    assert offered(search(client, opening, "deng")) == []


def test_a_refused_add_shows_the_message_next_to_the_list_and_keeps_the_search(hr):
    application = ApplicationFactory(candidate__name="Gao Yan")
    CandidateFactory(name="Gao Ming", email="gao.ming@example.com")
    response = add(
        logged_in(hr), application.opening, candidate=application.candidate_id, find="gao"
    )
    assert response.status_code == 400
    region = matches_region(response)
    assert 'value="gao"' in region
    assert "Gao Ming (gao.ming@example.com)" in region
    message = "Choose a candidate from the list: this one is already on the opening or was removed."
    assert f'id="id_candidate_error">{message}</div>' in region
    assert Application.objects.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "1" + NUL, "9" * 30, "987654"])
def test_a_bad_or_unknown_candidate_is_refused_next_to_the_field(hr, value):
    opening = OpeningFactory()
    response = add(logged_in(hr), opening, candidate=value)
    assert response.status_code == 400
    assert 'id="id_candidate_error"' in matches_region(response)
    assert not Application.objects.exists()


def test_only_hr_search_and_add(manager, hr):
    opening = OpeningFactory()
    opening.hiring_managers.add(manager)
    candidate = CandidateFactory(name="Secret Person", email="secret@example.com")
    client = logged_in(manager)
    page = search(client, opening, "secret")
    assert page.status_code == 200
    assert "add_form" not in page.context and "find_form" not in page.context
    assert "Secret Person" not in page.content.decode()
    assert add(client, opening, candidate=candidate.pk).status_code == 403
    assert not Application.objects.exists()


def test_outside_the_opening_s_scope_the_search_is_404(manager_elsewhere):
    CandidateFactory(name="Ann")
    assert search(logged_in(manager_elsewhere), OpeningFactory(), "ann").status_code == 404


def test_adding_without_the_csrf_token_is_403(hr):
    opening, candidate = OpeningFactory(), CandidateFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr)
    assert add(client, opening, candidate=candidate.pk).status_code == 403
    assert not Application.objects.exists()
