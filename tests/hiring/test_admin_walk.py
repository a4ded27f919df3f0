"""The admin walk: no Django admin page changes the record behind the audited services.

For every role that reaches the admin (HR, rubric admin, a superuser) and every
admin page of an object that holds or shapes a submitted score, the test
submits the change page as a browser would (first unchanged, then with every
audited value altered), the delete page and the list's bulk delete, and the
add pages of rubric content, and proves the audited rows are exactly as before.
"""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from candidates import models as c
from candidates.services.privacy import export_candidate
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from candidates.services.stages import change_stage
from rubrics import models as r
from rubrics.services import change_weights, clone_rubric
from tests.admin_pages import admin_url, page_form_data
from tests.factories import InterviewFactory, OpeningFactory

pytestmark = pytest.mark.django_db

# What may change only through the services, per model (other fields, such as
# a candidate's phone or an opening's title, are ordinary data).
AUDITED = {
    c.Opening: ["rubric_id"],
    c.Application: ["candidate_id", "opening_id", "stage", "decided_by_id", "decision_note"],
    c.Interview: ["application_id", "interviewer_id", "round_name", "scheduled_at", "status"],
    c.Scorecard: ["recommendation", "summary", "submitted_at", "version", "entered_by_id"],
    c.Score: ["scorecard_id", "dimension_id", "value", "evidence"],
    c.ScorecardRevision: ["reason", "changes", "edited_by_id"],
    c.StageChange: ["from_stage", "to_stage", "note", "by_id", "is_decision"],
    c.InterviewChange: ["action", "reason", "old_scheduled_at", "new_scheduled_at"],
    c.AuditEntry: ["action", "data", "actor_id"],
    c.RubricMove: ["from_rubric_id", "to_rubric_id"],
    r.Rubric: [
        "name_en",
        "name_zh_hans",
        "scale_min",
        "scale_max",
        "min_coverage",
        "min_scorecards",
        "is_default",
        "version",
        "weights_version",
    ],
    r.Dimension: [
        "rubric_id",
        "code",
        "name_en",
        "name_zh_hans",
        "guidance_en",
        "weight",
        "gate",
        "order",
    ],
    r.Criterion: ["dimension_id", "name_en", "name_zh_hans", "guidance_en", "assessed_by_en"],
    r.ScaleAnchor: ["dimension_id", "level", "description_en", "description_zh_hans"],
    r.WeightChange: ["reason", "method"],
    r.WeightChangeItem: ["code", "old_weight", "new_weight", "old_gate", "new_gate"],
}

# Values a tamperer would type; each is sent whether or not the page shows the field.
TAMPERED = {
    "weight": "77",
    "gate": "1",
    "value": "1",
    "summary": "tampered",
    "evidence": "tampered",
    "submitted_at_0": "",
    "submitted_at_1": "",
    "recommendation": "strong_no",
    "stage": "hired",
    "status": "cancelled",
    "decision_note": "tampered",
    "scheduled_at_0": "2030-01-01",
    "scheduled_at_1": "09:00:00",
    "round_name": "tampered",
    "name_en": "tampered",
    "name_zh_hans": "篡改",
    "guidance_en": "tampered",
    "description_en": "tampered",
    "assessed_by_en": "tampered",
    "code": "tampered",
    "min_coverage": "0.10",
    "min_scorecards": "1",
    "scale_max": "4",
    "is_default": "",
    "reason": "tampered",
    "note": "tampered",
    "level": "4",
}


def snapshot() -> dict:
    return {
        model.__name__: sorted(model.objects.values_list("pk", *fields))
        for model, fields in AUDITED.items()
    }


@pytest.fixture
def record(hr, manager):
    """A submitted, revised scorecard on the default rubric, a weight change, a decision."""
    rubric = r.Rubric.objects.get(is_default=True)
    opening = OpeningFactory(rubric=rubric)
    other = OpeningFactory(rubric=rubric, title="Another opening")
    interview = InterviewFactory(application__opening=opening)
    dimensions = {d.code: d for d in rubric.dimensions.all()}
    scores = {code: ScoreEntry(3, "Said so") for code in dimensions}
    entry = ScorecardEntry(scores=scores, recommendation="yes", summary="Solid")
    card = save_scorecard(interview=interview, entry=entry, by=hr, expected_version=0, submit=True)
    entry = ScorecardEntry(scores=scores | {"crm": ScoreEntry(4, "")}, recommendation="yes")
    scorecard = save_scorecard(
        interview=interview,
        entry=entry,
        by=hr,
        expected_version=card.version,
        submit=True,
        reason="Typo in the paper card",
    )
    assert scorecard.revisions.exists()
    change_weights(rubric=rubric, weights=dict.fromkeys(dimensions, 10), reason="Flat", by=None)
    change_stage(application=interview.application, stage="shortlisted", by=manager)
    export_candidate(candidate=interview.application.candidate, by=hr)
    dimension = dimensions["crm"]
    return {
        "opening": opening,
        "other_opening": other,
        "candidate": interview.application.candidate,
        "application": interview.application,
        "interview": interview,
        "scorecard": scorecard,
        "rubric": rubric,
        "dimension": dimension,
        "criterion": dimension.criteria.first(),
        "anchor": dimension.anchors.first(),
        "stage_change": c.StageChange.objects.first(),
        "audit_entry": c.AuditEntry.objects.first(),
    }


@pytest.fixture
def admin_client(request, hr, rubric_admin):
    def build(role: str) -> Client:
        if role == "superuser":
            user = User.objects.create_superuser("root", "root@example.com", "pw-for-tests")
        else:
            user = {"hr": hr, "rubric_admin": rubric_admin}[role]
        client = Client()
        client.force_login(user)
        return client

    return build


ROLES = ["hr", "rubric_admin", "superuser"]
OBJECTS = [
    "opening",
    "candidate",
    "application",
    "interview",
    "scorecard",
    "rubric",
    "dimension",
    "criterion",
    "anchor",
    "stage_change",
    "audit_entry",
]


def tamper(data: dict, record) -> dict:
    """Every audited value changed, including fields the page does not show."""
    altered = dict(data)
    for key in list(altered) + list(TAMPERED):
        field = key.rsplit("-", 1)[-1]
        if field in TAMPERED:
            altered[key] = TAMPERED[field]
        elif field in {"rubric", "opening"}:
            altered[key] = str(record["other_opening"].pk if field == "opening" else 0)
    return altered


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", OBJECTS)
def test_no_admin_change_page_alters_the_record(admin_client, record, role, name):
    client = admin_client(role)
    obj = record[name]
    before = snapshot()
    page = client.get(admin_url(obj, "change"))
    assert page.status_code in (200, 403)
    if page.status_code == 200 and "adminform" in page.context:
        data = page_form_data(page)
        if 'name="_save"' in page.content.decode():
            unchanged = client.post(admin_url(obj, "change"), data)
            # The page could be submitted: a refusal below is the admin's, not the test's.
            assert unchanged.status_code == 302, unchanged.context["adminform"].form.errors
        client.post(admin_url(obj, "change"), tamper(data, record))
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", OBJECTS)
def test_no_admin_delete_removes_the_record(admin_client, record, role, name):
    client = admin_client(role)
    obj = record[name]
    before = snapshot()
    client.post(admin_url(obj, "delete"), {"post": "yes"})
    meta = obj._meta
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_no_admin_add_page_adds_to_a_rubric_in_use(admin_client, record, role):
    client = admin_client(role)
    before = snapshot()
    rubric, dimension = record["rubric"], record["dimension"]
    client.post(
        reverse("admin:rubrics_dimension_add"),
        {
            "rubric": rubric.pk,
            "code": "extra",
            "name_en": "Extra",
            "name_zh_hans": "额外",
            "order": 99,
            **{
                f"{prefix}-{key}": "0"
                for prefix in ("criteria", "anchors")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    client.post(
        reverse("admin:rubrics_criterion_add"),
        {"dimension": dimension.pk, "name_en": "Extra", "name_zh_hans": "额外", "order": 9},
    )
    client.post(
        reverse("admin:rubrics_scaleanchor_add"),
        {"dimension": dimension.pk, "level": 3, "description_en": "x", "description_zh_hans": "x"},
    )
    assert client.get(reverse("admin:candidates_scorecard_add")).status_code == 403
    assert snapshot() == before


def test_a_draft_rubric_can_still_be_edited_in_the_admin_but_not_its_weights(admin_client, record):
    draft = clone_rubric(rubric=record["rubric"], name_en="Draft", name_zh_hans="草稿")
    dimension = draft.dimensions.get(code="crm")
    client = admin_client("rubric_admin")
    page = client.get(admin_url(dimension, "change"))
    data = page_form_data(page) | {"name_en": "CRM and data", "weight": "77", "gate": "1"}
    assert client.post(admin_url(dimension, "change"), data).status_code == 302
    dimension.refresh_from_db()
    assert dimension.name_en == "CRM and data"
    assert (dimension.weight, dimension.gate) == (10, None)


@pytest.mark.parametrize("role", ["hr", "rubric_admin"])
def test_the_record_of_rubric_moves_is_readable_in_the_admin(admin_client, role):
    url = reverse("admin:candidates_rubricmove_changelist")
    assert admin_client(role).get(url).status_code == 200


def test_an_interview_with_a_draft_scorecard_keeps_its_application(admin_client, record):
    interview = InterviewFactory(application__opening=record["opening"])
    draft = save_scorecard(
        interview=interview,
        entry=ScorecardEntry(scores={"crm": ScoreEntry(3)}, recommendation="yes"),
        by=None,
        expected_version=0,
        submit=False,
    )
    client = admin_client("hr")
    page = client.get(admin_url(interview, "change"))
    data = page_form_data(page) | {"application": record["application"].pk, "round_name": "X"}
    client.post(admin_url(interview, "change"), data)
    interview.refresh_from_db()
    assert interview.application_id != record["application"].pk
    assert draft.scores.get().dimension.rubric == record["rubric"]
