"""Both languages: the browser's language picks one, the switcher changes it."""

import re

import pytest
from django.urls import reverse

from rubrics.models import Rubric

pytestmark = pytest.mark.django_db


def test_rubric_page_in_chinese_shows_chinese(persona_client):
    rubric = Rubric.objects.get(is_default=True)
    client = persona_client("manager")
    page = client.get(
        reverse("rubrics:rubric-detail", args=[rubric.pk]), HTTP_ACCEPT_LANGUAGE="zh-Hans"
    ).content.decode()
    assert "客户经理" in page
    assert "经验和技能" in page
    assert "权重" in page  # the "Weights" heading, from the compiled catalogue
    assert "Experience and skills" not in page


def test_rubric_page_in_english_shows_english(persona_client):
    rubric = Rubric.objects.get(is_default=True)
    page = (
        persona_client("manager")
        .get(reverse("rubrics:rubric-detail", args=[rubric.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Experience and skills" in page
    assert "经验和技能" not in page


def test_language_switcher_changes_the_language(persona_client):
    client = persona_client("hr")
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert "评分表" in page  # "Rubrics" in the navigation
    assert 'lang="zh-hans"' in page


def test_login_page_is_translated(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-Hans").content.decode()
    assert "登录" in page


@pytest.mark.parametrize(
    ("language", "count", "over"),
    [
        ("en", "{count} / {limit} characters", "shorten it to {limit} characters or fewer"),
        ("zh-Hans", "{count} / {limit} 个字符", "请删减到 {limit} 个字符以内"),
    ],
)
def test_the_character_counter_speaks_the_page_language(persona_client, language, count, over):
    """static/js/textlimit.js takes its sentences from the page, so it counts in Chinese too."""
    page = persona_client("hr").get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language)
    script = re.search(r'<script src="/static/js/textlimit.js"[^>]*>', page.content.decode())
    assert f'data-count="{count}"' in script.group(0)
    assert over in script.group(0)
