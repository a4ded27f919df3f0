"""HR's pages: openings, candidates, applications, interviews, stages."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.forms import AddApplicationForm
from candidates.models import Application, Candidate, Interview, Opening
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
)

pytestmark = pytest.mark.django_db


def test_hr_creates_an_opening_on_the_default_rubric(client, hr, default_rubric):
    client.force_login(hr)
    form = client.get(reverse("candidates:opening-create")).context["form"]
    assert form.initial["rubric"] == default_rubric
    response = client.post(
        reverse("candidates:opening-create"),
        {
            "title": "AM Shenzhen",
            "rubric": default_rubric.pk,
            "status": "open",
            "client_size": "mid",
            "industry": "Insurance",
        },
    )
    opening = Opening.objects.get(title="AM Shenzhen")
    assert response.url == reverse("candidates:opening-detail", args=[opening.pk])


def test_candidate_tags_accept_chinese_separators(client, hr):
    client.force_login(hr)
    client.post(
        reverse("candidates:candidate-create"),
        {
            "name": "李娜",
            "email": "li.na@example.com",
            "crm_systems": "纷享销客，Zoho CRM、Salesforce",
            "industries": "Retail banking, Insurance",
            "client_segments": ["key", "mid"],
        },
    )
    candidate = Candidate.objects.get(name="李娜")
    assert candidate.crm_systems == ["纷享销客", "Zoho CRM", "Salesforce"]
    assert candidate.client_segments == ["key", "mid"]


def test_bad_email_is_reported_on_the_field_and_typing_kept(client, hr):
    client.force_login(hr)
    response = client.post(
        reverse("candidates:candidate-create"), {"name": "王伟", "email": "not-an-email"}
    )
    assert "email" in response.context["form"].errors
    assert "王伟" in response.content.decode()
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("query", ["chen", "ACME", "alice@"])
def test_candidate_search_by_name_email_or_company(client, hr, query):
    CandidateFactory(name="Alice Chen", email="alice@example.com", current_company="Acme Bank")
    CandidateFactory(name="Bob Lee", email="bob@example.com", current_company="Other")
    client.force_login(hr)
    response = client.get(reverse("candidates:candidate-list"), {"q": query})
    assert [c.name for c in response.context["candidates"]] == ["Alice Chen"]


def test_add_candidate_to_opening_and_refuse_a_duplicate(client, hr):
    opening, candidate = OpeningFactory(), CandidateFactory()
    client.force_login(hr)
    url = reverse("candidates:application-create", args=[opening.pk])
    assert client.post(url, {"candidate": candidate.pk}).status_code == 302
    again = client.post(url, {"candidate": candidate.pk})
    assert again.status_code == 400
    assert "candidate" in again.context["add_form"].errors
    assert Application.objects.count() == 1


def two_called_zhang_wei() -> tuple[Candidate, Candidate]:
    with_email = CandidateFactory(name="张伟", email="zhang.wei@example.com")
    without = CandidateFactory(name="张伟", email="")
    return with_email, without


def test_two_candidates_of_the_same_name_can_be_told_apart_in_the_add_list(client, hr):
    with_email, without = two_called_zhang_wei()
    client.force_login(hr)
    url = reverse("candidates:opening-detail", args=[OpeningFactory().pk])
    page = client.get(url, {"find": "张伟"})
    labels = dict(page.context["add_form"].fields["candidate"].choices)
    added = timezone.localdate(without.created_at).isoformat()
    assert labels[with_email.pk] == "张伟 (zhang.wei@example.com)"
    assert labels[without.pk] == f"张伟 ({without.code}, added {added})"
    html = page.content.decode()
    assert (
        f'<label class="form-check-label" for="id_candidate_1">张伟 ({without.code}, added {added})'
        "</label>"
    ) in html


@pytest.mark.parametrize("when", ["0001-01-01T00:00", "1999-12-31T10:00", "2100-01-01T10:00"])
def test_an_interview_date_outside_a_sensible_range_is_refused_next_to_the_field(client, hr, when):
    """Before: 0001-01-01 was stored as 1 BC and broke HR's dashboard on PostgreSQL for good."""
    application, interviewer = ApplicationFactory(), InterviewerFactory()
    client.force_login(hr)
    url = reverse("candidates:interview-create", args=[application.pk])
    data = {"interviewer": interviewer.pk, "round_name": "Final", "scheduled_at": when}
    response = client.post(url, data)
    assert response.status_code == 200
    [message] = response.context["form"].errors["scheduled_at"]
    assert message.startswith("Choose a date between 2000-01-01 and ")
    assert f'value="{when}"' in response.content.decode()
    assert not Interview.objects.exists()
    assert client.get(reverse("home")).status_code == 200  # the dashboard still opens


def test_schedule_interview_and_refuse_the_same_round_twice(client, hr):
    application, interviewer = ApplicationFactory(), InterviewerFactory()
    client.force_login(hr)
    url = reverse("candidates:interview-create", args=[application.pk])
    data = {
        "interviewer": interviewer.pk,
        "round_name": "Final",
        "scheduled_at": "2026-12-01T10:00",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert "round_name" in again.context["form"].errors
    assert Interview.objects.count() == 1


def test_change_stage_records_who_moved_it_without_calling_it_a_decision(client, hr):
    """Before: HR's move set decided_by, as if HR had made the manager's decision."""
    application = ApplicationFactory()
    client.force_login(hr)
    client.post(
        reverse("candidates:application-stage", args=[application.pk]), {"stage": "shortlisted"}
    )
    application.refresh_from_db()
    assert application.stage == "shortlisted"
    assert application.decided_by is None
    [move] = application.stage_changes.all()
    assert (move.from_stage, move.to_stage, move.by, move.is_decision) == (
        "applied",
        "shortlisted",
        hr,
        False,
    )


def test_unknown_stage_changes_nothing(client, hr):
    application = ApplicationFactory()
    client.force_login(hr)
    client.post(
        reverse("candidates:application-stage", args=[application.pk]), {"stage": "promoted"}
    )
    application.refresh_from_db()
    assert application.stage == "applied"


def test_unknown_ids_are_404(client, hr):
    client.force_login(hr)
    assert client.get(reverse("candidates:opening-detail", args=[999999])).status_code == 404
    assert client.get(reverse("candidates:candidate-detail", args=[999999])).status_code == 404
    assert client.get(reverse("candidates:scorecard-entry", args=[999999])).status_code == 404


# A database constraint's message sits next to the field to change ----------------------


def test_a_duplicate_email_is_refused_next_to_the_field_and_typing_kept(client, hr):
    """Before: "Constraint “candidate_email_unique” is violated." above the form."""
    CandidateFactory(email="li.na@example.com")
    client.force_login(hr)
    response = client.post(
        reverse("candidates:candidate-create"), {"name": "李娜", "email": "li.na@example.com"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["email"] == ["A candidate with this e-mail address already exists."]
    assert form.non_field_errors() == []
    page = response.content.decode()
    assert "candidate_email_unique" not in page and "李娜" in page
    assert Candidate.objects.count() == 1


def test_editing_a_candidate_keeps_their_own_email(client, hr):
    candidate = CandidateFactory(email="li.na@example.com")
    client.force_login(hr)
    url = reverse("candidates:candidate-update", args=[candidate.pk])
    response = client.post(url, {"name": "Li Na", "email": "li.na@example.com"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.name == "Li Na"


def test_a_candidate_already_on_the_opening_is_refused_with_a_reason(client, hr):
    application = ApplicationFactory()
    client.force_login(hr)
    url = reverse("candidates:application-create", args=[application.opening_id])
    response = client.post(url, {"candidate": application.candidate_id})
    assert response.status_code == 400
    assert response.context["add_form"].errors["candidate"] == [
        "Choose a candidate from the list: this one is already on the opening or was removed."
    ]
    assert Application.objects.count() == 1


def test_a_colleague_adding_the_same_candidate_first_is_reported_not_a_500(client, hr):
    """The race between the form's check and the insert: the database refuses the second."""
    opening, candidate = OpeningFactory(), CandidateFactory()
    real_save = AddApplicationForm.save

    def colleague_first(form, *args, **kwargs):
        Application.objects.create(opening=opening, candidate=candidate)
        return real_save(form, *args, **kwargs)

    client.force_login(hr)
    url = reverse("candidates:application-create", args=[opening.pk])
    with mock.patch.object(AddApplicationForm, "save", colleague_first):
        response = client.post(url, {"candidate": candidate.pk})
    assert response.status_code == 400
    assert response.context["add_form"].errors["candidate"] == [
        "This candidate is already on this opening."
    ]


def test_the_same_round_twice_is_refused_next_to_the_round(client, hr):
    interview = InterviewFactory()
    client.force_login(hr)
    url = reverse("candidates:interview-create", args=[interview.application_id])
    data = {
        "interviewer": interview.interviewer_id,
        "round_name": interview.round_name,
        "scheduled_at": "2026-12-01T10:00",
    }
    form = client.post(url, data).context["form"]
    assert form.errors == {
        "round_name": ["This interviewer already has this round with this candidate."]
    }
    assert Interview.objects.count() == 1


# Hiring teams -------------------------------------------------------------------------------


def test_the_opening_list_shows_a_manager_only_their_team_s_openings(client, manager):
    mine = OpeningFactory(title="AM Beijing", hiring_managers=[manager])
    OpeningFactory(title="AM Chengdu")
    client.force_login(manager)
    response = client.get(reverse("candidates:opening-list"))
    assert list(response.context["openings"]) == [mine]
    assert "AM Chengdu" not in response.content.decode()
    home = client.get(reverse("home"))
    assert list(home.context["open_openings"]) == [mine]


def test_hr_sets_the_hiring_team_and_the_opening_page_shows_it(
    client, hr, manager, manager_elsewhere
):
    opening = OpeningFactory(title="AM Wuhan")
    interviewer = InterviewerFactory(name="Zhang Wei")
    client.force_login(hr)
    response = client.post(
        reverse("candidates:opening-update", args=[opening.pk]),
        {
            "title": "AM Wuhan",
            "rubric": opening.rubric_id,
            "status": "open",
            "description": "",
            "hiring_managers": [manager.pk],
            "interviewers": [interviewer.pk],
        },
    )
    assert response.status_code == 302
    assert list(opening.hiring_managers.all()) == [manager]
    assert list(opening.interviewers.all()) == [interviewer]
    page = client.get(reverse("candidates:opening-detail", args=[opening.pk])).content.decode()
    assert "Hiring managers: manager" in page and "Interviewers: Zhang Wei" in page
    client.force_login(manager_elsewhere)
    assert client.get(reverse("candidates:opening-detail", args=[opening.pk])).status_code == 404


def test_the_interview_form_offers_the_opening_s_interviewers_first(client, hr):
    InterviewerFactory(name="Aaron Outside")
    on_team = InterviewerFactory(name="Zoe On Team")
    application = ApplicationFactory()
    application.opening.interviewers.add(on_team)
    client.force_login(hr)
    response = client.get(reverse("candidates:interview-create", args=[application.pk]))
    offered = list(response.context["form"].fields["interviewer"].queryset)
    assert offered[0] == on_team
    assert {i.name for i in offered} == {"Aaron Outside", "Zoe On Team"}


def opening_page_queries(client, opening, **params) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("candidates:opening-detail", args=[opening.pk]), params)
    return len(queries), response


def test_the_opening_page_lists_its_candidates_fifty_at_a_time_in_name_order(client, hr):
    """At 10,000 applications the page was 12 MB and 2.3 s: now a page of 50, in fixed queries."""
    opening = OpeningFactory()
    small = OpeningFactory()
    ApplicationFactory(opening=small)
    for number in range(60):
        InterviewFactory(
            application=ApplicationFactory(opening=opening, candidate__name=f"C{number:02}")
        )
    client.force_login(hr)

    few, _ = opening_page_queries(client, small)
    many, first = opening_page_queries(client, opening)
    _, second = opening_page_queries(client, opening, page=2)

    assert few == many
    names = [a.candidate.name for a in first.context["applications"]]
    assert names == [f"C{number:02}" for number in range(50)]
    assert [a.candidate.name for a in second.context["applications"]] == [
        f"C{number:02}" for number in range(50, 60)
    ]
    assert "Page 1 of 2" in first.content.decode()
    assert second.context["applications"][0].interview_count == 1
    _, beyond = opening_page_queries(client, opening, page="999")
    assert beyond.status_code == 200 and beyond.context["applications"].number == 2
