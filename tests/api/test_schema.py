"""The OpenAPI schema is generated without a warning; the docs load under the site's CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse


def test_the_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/openings/{id}/ranking/", "/api/v1/interviews/{id}/scorecard/"):
        assert path in text
    assert "bearerAuth" in text


@pytest.mark.django_db
def test_the_schema_is_served_as_json(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_the_docs_use_only_this_sites_files_under_the_strict_csp(client):
    response = client.get(reverse("api:docs"))
    page = response.content.decode()
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    # Nothing inline that the policy would block, nothing from another host.
    assert "<style" not in page
    assert re.findall(r"<script>", page) == []
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources)
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source


@pytest.mark.django_db
def test_the_docs_start_up_script_is_served_by_the_site(client):
    response = client.get(reverse("api:docs"), {"script": ""})
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()
