"""The app's 404 page under `make run` (DEBUG on, DEBUG_404 off), in both languages."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

DEMO = override_settings(DEBUG=True, DEBUG_404=False)
LANGUAGES = [
    ("en", "Not found", "Back to the dashboard", "Dashboard"),
    ("zh-Hans", "未找到", "返回工作台", "工作台"),
]


def missing_candidate() -> str:
    return reverse("candidates:candidate-detail", args=[999999])


@DEMO
@pytest.mark.parametrize(("language", "title", "back", "nav"), LANGUAGES)
@pytest.mark.parametrize("url", ["/no-such-page/", missing_candidate], ids=["unknown", "missing"])
def test_demo_shows_the_apps_404_page_in_the_users_language(
    persona_client, language, title, back, nav, url
):
    path = url() if callable(url) else url
    response = persona_client("hr").get(path, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 404
    assert f'<h1 class="h3">{title}</h1>' in page
    assert f'<a href="{reverse("home")}">{back}</a>' in page
    assert f">{nav}</a>" in page  # the navigation, to go on from here
    assert response.templates[0].name == "404.html"  # not Django's debug page


@DEMO
def test_demo_404_for_a_visitor_who_is_not_logged_in_has_a_way_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f'<a href="{reverse("home")}">Back to the dashboard</a>' in response.content.decode()


@DEMO
def test_demo_still_adds_the_missing_slash(persona_client):
    response = persona_client("hr").get("/candidates")
    assert response.status_code == 301
    assert response.url == reverse("candidates:candidate-list")


@override_settings(DEBUG=True, DEBUG_404=True)
def test_developers_may_keep_djangos_debug_page(persona_client):
    response = persona_client("hr").get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


@DEMO
def test_pages_that_exist_are_untouched(persona_client):
    assert persona_client("hr").get(reverse("candidates:candidate-list")).status_code == 200
