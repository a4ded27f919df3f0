"""Every URL x every role: who may open what.

Add a row to URLS for every new page. Anonymous visitors are sent to the login
page; a user with no role gets the polite 403; other roles get 403.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import (
    BackgroundWork,
    Interviewer,
    Opening,
    PerformanceRecord,
    WorkKind,
    WorkStatus,
)
from candidates.services.links import create_link
from candidates.services.plans import start_plan_from_rubric
from rubrics.models import Rubric
from rubrics.services import change_weights
from team.services import issue_invitation
from tests.factories import InterviewFactory, OpeningFactory, submitted_scorecard

ROLES = [
    "anonymous",
    "outsider",
    "hr",
    "interviewer",
    "manager",
    "rubric_admin",
    "manager_elsewhere",
    "interviewer_elsewhere",
    "admin",
]
EVERYONE = {
    "hr": 200,
    "interviewer": 200,
    "manager": 200,
    "rubric_admin": 200,
    "manager_elsewhere": 200,
    "interviewer_elsewhere": 200,
}
READERS = {"hr": 200, "manager": 200, "rubric_admin": 200, "manager_elsewhere": 200}
# An opening's or candidate's pages: a manager off the opening's hiring team gets 404.
SCOPED_READERS = {"hr": 200, "manager": 200, "rubric_admin": 200, "manager_elsewhere": 404}
HR_ONLY = {"hr": 200}
RECORDERS = {"hr": 200, "manager": 200, "manager_elsewhere": 404}
RUBRIC_READERS = {"hr": 200, "rubric_admin": 200}
# A POST-only action answers GET with 405 once the role check has let it through.
HR_ACTION = {"hr": 405}


def on_team(opening: Opening) -> Opening:
    """Put the `manager` persona on the opening's hiring team (`manager_elsewhere` stays off)."""
    # A filter, not get(): tests/hiring/test_security.py runs these factories without it.
    opening.hiring_managers.add(*User.objects.filter(username="manager"))
    return opening


def own_interview() -> dict:
    """An interview of the `interviewer` persona: HR may open it, the interviewer too."""
    user = User.objects.get(username="interviewer")
    interview = InterviewFactory(interviewer=Interviewer.objects.create(name="Own", user=user))
    return {"pk": interview.pk}


def own_application() -> dict:
    user = User.objects.get(username="interviewer")
    interview = InterviewFactory(interviewer=Interviewer.objects.create(name="Own", user=user))
    submitted_scorecard(interview, {"experience": 3})
    return {"pk": interview.application_id}


def opening_pk() -> dict:
    return {"pk": on_team(OpeningFactory()).pk}


def plan_round_pks() -> dict:
    opening = on_team(OpeningFactory())
    return {"pk": opening.pk, "round_pk": start_plan_from_rubric(opening=opening)[0].pk}


def application_pk() -> dict:
    return {"pk": InterviewFactory(application__opening=on_team(OpeningFactory())).application_id}


def candidate_pk() -> dict:
    interview = InterviewFactory(application__opening=on_team(OpeningFactory()))
    return {"pk": interview.application.candidate_id}


def candidate_with_cv() -> dict:
    candidate = InterviewFactory(
        application__opening=on_team(OpeningFactory())
    ).application.candidate
    candidate.cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n")
    candidate.save()
    return {"pk": candidate.pk}


def performance_ids() -> dict:
    candidate = InterviewFactory(
        application__opening=on_team(OpeningFactory())
    ).application.candidate
    record = PerformanceRecord.objects.create(
        candidate=candidate, measured_on=datetime.date(2026, 6, 30), period_months=6, overall=4
    )
    return {"pk": candidate.pk, "record_pk": record.pk}


def interviewer_pk() -> dict:
    return {"pk": InterviewFactory().interviewer_id}


def default_rubric_id() -> dict:
    return {"pk": Rubric.objects.get(is_default=True).pk}


def weight_change_ids() -> dict:
    rubric = Rubric.objects.get(is_default=True)
    weights = {code: 10 for code in rubric.dimensions.values_list("code", flat=True)}
    change = change_weights(rubric=rubric, weights=weights, reason="Equal", by=None)
    return {"pk": rubric.pk, "change_pk": change.pk}


def dimension_ids() -> dict:
    dimension = Rubric.objects.get(is_default=True).dimensions.first()
    return {"pk": dimension.rubric_id, "dimension_pk": dimension.pk}


def criterion_ids() -> dict:
    criterion = Rubric.objects.get(is_default=True).dimensions.first().criteria.first()
    return {"pk": criterion.dimension.rubric_id, "criterion_pk": criterion.pk}


def question_ids() -> dict:
    criterion = Rubric.objects.get(is_default=True).dimensions.first().criteria.first()
    question = criterion.questions.first()
    return {
        "pk": question.criterion.dimension.rubric_id,
        "criterion_pk": question.criterion_id,
        "question_pk": question.pk,
    }


def member_pk() -> dict:
    return {"pk": User.objects.get_or_create(username="team-member")[0].pk}


# Background work of an HR user who is none of the personas: only an Administrator may open it.
WORK_OWNER_ONLY = {
    "admin": 200,
    "hr": 404,
    "manager": 404,
    "rubric_admin": 404,
    "manager_elsewhere": 404,
}


def work_owner() -> User:
    owner, created = User.objects.get_or_create(username="work-owner")
    if created:
        owner.groups.add(Group.objects.get(name="HR"))
    return owner


def running_work() -> dict:
    work = BackgroundWork.objects.create(
        kind=WorkKind.SCORECARD_IMPORT, owner=work_owner(), status=WorkStatus.RUNNING
    )
    return {"pk": work.pk}


def finished_export() -> dict:
    work = BackgroundWork.objects.create(
        kind=WorkKind.SHORTLIST_CSV,
        owner=work_owner(),
        opening=OpeningFactory(),
        status=WorkStatus.DONE,
        result_name="shortlist.csv",
    )
    work.result_file.save("shortlist.csv", ContentFile(b"Rank,Candidate\r\n"))
    return {"pk": work.pk}


# (url name, kwargs factory, expected status per role; anonymous -> login, outsider -> 403)
URLS = [
    ("home", dict, EVERYONE),
    ("rubrics:rubric-list", dict, EVERYONE),
    ("rubrics:rubric-detail", default_rubric_id, EVERYONE),
    ("rubrics:rubric-clone", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:rubric-new-version", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:rubric-make-default", default_rubric_id, {"rubric_admin": 405}),
    ("rubrics:weights-edit", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:weights-order", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:weights-pairwise", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:weight-history", default_rubric_id, READERS),
    ("rubrics:weight-change", weight_change_ids, READERS),
    ("rubrics:dimension-add", default_rubric_id, {"rubric_admin": 200}),
    ("rubrics:dimension-edit", dimension_ids, {"rubric_admin": 200}),
    ("rubrics:dimension-remove", dimension_ids, {"rubric_admin": 200}),
    ("rubrics:anchors-edit", dimension_ids, {"rubric_admin": 200}),
    ("rubrics:criterion-add", dimension_ids, {"rubric_admin": 200}),
    ("rubrics:criterion-edit", criterion_ids, {"rubric_admin": 200}),
    ("rubrics:criterion-remove", criterion_ids, {"rubric_admin": 200}),
    ("rubrics:question-bank", criterion_ids, READERS),
    ("rubrics:question-add", criterion_ids, {"rubric_admin": 200}),
    # Readers see a question and its history; only rubric admins may save (a POST).
    ("rubrics:question-edit", question_ids, READERS),
    ("rubrics:question-retire", question_ids, {"rubric_admin": 405}),
    ("rubrics:question-restore", question_ids, {"rubric_admin": 405}),
    ("candidates:opening-list", dict, READERS),
    ("candidates:opening-create", dict, HR_ONLY),
    ("candidates:opening-detail", opening_pk, SCOPED_READERS),
    ("candidates:opening-update", opening_pk, HR_ONLY),
    ("candidates:application-create", opening_pk, HR_ACTION),
    ("candidates:candidate-list", dict, READERS),
    ("candidates:candidate-create", dict, HR_ONLY),
    ("candidates:candidate-detail", candidate_pk, SCOPED_READERS),
    ("candidates:candidate-update", candidate_pk, HR_ONLY),
    ("candidates:candidate-anonymise", candidate_pk, HR_ONLY),
    ("candidates:candidate-export", candidate_pk, HR_ACTION),
    (
        "candidates:candidate-cv",
        candidate_with_cv,
        {"hr": 200, "manager": 200, "manager_elsewhere": 404},
    ),
    ("candidates:interviewer-list", dict, HR_ONLY),
    ("candidates:interviewer-create", dict, HR_ONLY),
    ("candidates:interviewer-update", interviewer_pk, HR_ONLY),
    ("candidates:interview-create", application_pk, HR_ONLY),
    ("candidates:application-stage", application_pk, HR_ACTION),
    # Interviewers get the 403 of every reader's page; rubric admins read without the form.
    ("candidates:application-debrief", application_pk, SCOPED_READERS),
    (
        "candidates:application-scorecards",
        own_application,
        {"interviewer": 200, "interviewer_elsewhere": 404},
    ),
    ("candidates:my-interviews", dict, {"interviewer": 200, "interviewer_elsewhere": 200}),
    (
        "candidates:scorecard-entry",
        own_interview,
        {"hr": 200, "interviewer": 200, "interviewer_elsewhere": 404},
    ),
    (
        "candidates:interview-kit",
        own_interview,
        {"hr": 200, "interviewer": 200, "interviewer_elsewhere": 404},
    ),
    # Even the interview's own interviewer may not cancel or move it.
    ("candidates:interview-cancel", own_interview, HR_ONLY),
    ("candidates:interview-reschedule", own_interview, HR_ONLY),
    ("candidates:scorecard-link-create", own_interview, HR_ACTION),
    ("candidates:scorecard-link-revoke", own_interview, HR_ACTION),
    ("candidates:scorecard-import", dict, HR_ONLY),
    ("candidates:scorecard-import-template", dict, HR_ONLY),
    ("candidates:opening-shortlist", opening_pk, SCOPED_READERS),
    ("candidates:opening-ranking-json", opening_pk, SCOPED_READERS),
    ("candidates:opening-shortlist-csv", opening_pk, SCOPED_READERS),
    ("candidates:opening-shortlist-xlsx", opening_pk, SCOPED_READERS),
    ("candidates:opening-shortlist-json", opening_pk, SCOPED_READERS),
    (
        "candidates:opening-compare",
        opening_pk,
        {"hr": 302, "manager": 302, "rubric_admin": 302, "manager_elsewhere": 404},
    ),
    ("candidates:opening-agreement", opening_pk, SCOPED_READERS),
    ("candidates:opening-interviewers", opening_pk, SCOPED_READERS),
    ("candidates:candidate-add-to-opening", candidate_pk, HR_ACTION),
    ("candidates:opening-plan", opening_pk, SCOPED_READERS),
    ("candidates:opening-plan-start", opening_pk, HR_ACTION),
    ("candidates:plan-round-create", opening_pk, HR_ONLY),
    ("candidates:plan-round-update", plan_round_pks, HR_ONLY),
    ("candidates:plan-round-remove", plan_round_pks, HR_ACTION),
    ("candidates:plan-round-move", plan_round_pks, HR_ACTION),
    # POST only: the method is refused before the scope is looked at (test_shortlists.py).
    ("candidates:application-decision", application_pk, {"manager": 405, "manager_elsewhere": 405}),
    ("team:team", dict, {"admin": 200}),
    ("team:invite", dict, {"admin": 405}),
    ("team:create", dict, {"admin": 405}),
    ("team:resend", member_pk, {"admin": 405}),
    ("team:roles", member_pk, {"admin": 405}),
    ("team:deactivate", member_pk, {"admin": 405}),
    ("team:reactivate", member_pk, {"admin": 405}),
    # The funnel: HR, administrators and managers; a manager off the team gets 404.
    (
        "candidates:opening-funnel",
        opening_pk,
        {"hr": 200, "manager": 200, "manager_elsewhere": 404},
    ),
    (
        "candidates:opening-funnel-csv",
        opening_pk,
        {"hr": 200, "manager": 200, "manager_elsewhere": 404},
    ),
    ("candidates:funnel", dict, {"hr": 200, "manager": 200, "manager_elsewhere": 200}),
    ("candidates:funnel-csv", dict, {"hr": 200, "manager": 200, "manager_elsewhere": 200}),
    # Post-hire records: HR, and the candidate's hiring managers; validity for readers.
    ("candidates:performance-create", candidate_pk, RECORDERS),
    ("candidates:performance-update", performance_ids, RECORDERS),
    ("candidates:validity", dict, RUBRIC_READERS),
    ("candidates:reports", dict, READERS),
    ("candidates:rubric-validity", default_rubric_id, RUBRIC_READERS),
    ("candidates:opening-validity", opening_pk, SCOPED_READERS),
    # Retention: the policy page is the Administrator's; consent is HR's (POST only).
    ("candidates:retention-policy", dict, {"admin": 200}),
    ("candidates:candidate-consent", candidate_pk, HR_ACTION),
    ("candidates:candidate-consent-withdraw", candidate_pk, HR_ACTION),
    # The Excel import template: HR, like the import page.
    ("candidates:scorecard-import-template-xlsx", dict, HR_ONLY),
    # A member's e-mail language on the Team page: the Administrator's, POST only.
    ("team:language", member_pk, {"admin": 405}),
    # Background work: every reader has a list of their own; a job is its owner's (not a
    # persona here) and the Administrators'; anyone else gets 404.
    ("candidates:work-list", dict, READERS),
    ("candidates:work-detail", running_work, WORK_OWNER_ONLY),
    ("candidates:work-download", finished_export, WORK_OWNER_ONLY),
]


def expected_status(table: dict, role: str) -> int:
    if role == "anonymous":
        return 302
    if role == "admin" and role not in table:
        return table.get("hr", 403)  # an Administrator may do everything HR may do
    return table.get(role, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "table"), URLS, ids=[row[0] for row in URLS])
def test_role_can_open_url(persona_client, role, name, kwargs, table, interviewer, manager):
    url = reverse(name, kwargs=kwargs())
    response = persona_client(role).get(url)
    assert response.status_code == expected_status(table, role)
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_user_without_role_is_told_politely(persona_client):
    response = persona_client("outsider").get(reverse("home"))
    assert response.status_code == 403
    assert "has not been given a role yet" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_open_to_everyone(client):
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_health_check_answers_every_persona_without_a_login(persona_client, role):
    assert persona_client(role).get(reverse("healthz")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_scorecard_link_opens_for_every_persona_without_a_login(persona_client, role):
    cache.clear()  # the page counts requests per address in the cache
    new = create_link(interview=InterviewFactory(), by=None)
    assert persona_client(role).get(new.path).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_scorecard_link_kit_opens_for_every_persona_without_a_login(persona_client, role):
    cache.clear()  # the kit counts requests per address like the link page
    new = create_link(interview=InterviewFactory(), by=None)
    url = reverse("scorecard-link-kit", args=[new.token])
    assert persona_client(role).get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_an_invitation_opens_for_every_persona_without_a_login(persona_client, role):
    """The invitee may be anyone at that moment: the link alone opens the set-password form."""
    user = User.objects.create_user("invitee", "invitee@example.com")
    token = issue_invitation(user=user, by=None)
    client = persona_client(role)
    response = client.get(reverse("team:invitation-accept", args=[token]), follow=True)
    assert response.status_code == 200
    assert response.context["member"] == user


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("hr", 200), ("rubric_admin", 200), ("manager", 302)])
def test_django_admin_is_for_staff_roles(persona_client, role, status):
    assert persona_client(role).get(reverse("admin:index")).status_code == status


@pytest.mark.django_db
def test_rubric_admin_may_edit_rubrics_in_the_admin_but_hr_may_only_read(persona_client):
    rubric = Rubric.objects.get(is_default=True)
    url = reverse("admin:rubrics_rubric_change", args=[rubric.pk])
    admin_page = persona_client("rubric_admin").get(url).content.decode()
    hr_page = persona_client("hr").get(url).content.decode()
    assert 'name="_save"' in admin_page
    assert 'name="_save"' not in hr_page
