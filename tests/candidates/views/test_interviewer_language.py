"""The interviewer form holds the language of an interviewer's e-mails."""

import pytest
from django.urls import reverse

from candidates.models import Interviewer
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_hr_sets_an_interviewers_language_on_the_interviewer_form(hr):
    client = logged_in(hr)
    data = {"name": "Wang Fang", "email": "wang@example.com", "user": "", "language": "zh-hans"}
    assert client.post(reverse("candidates:interviewer-create"), data).status_code == 302
    assert Interviewer.objects.get(name="Wang Fang").language == "zh-hans"

    page = client.post(reverse("candidates:interviewer-create"), {**data, "language": "xx"})
    assert page.status_code == 200
    assert page.context["form"].errors["language"]
