"""change_stage: every move and decision is its own row, with the right person and stages."""

import pytest

from candidates.models import Application, Stage, StageChange
from candidates.services.stages import change_stage, record_created_stages
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def history(application) -> list[tuple]:
    return list(
        StageChange.objects.filter(application=application)
        .order_by("at", "pk")
        .values_list("from_stage", "to_stage", "by__username", "is_decision", "note")
    )


def test_two_decisions_in_a_row_are_both_kept_with_their_deciders(manager, hr):
    """Before: the second decision overwrote the first (decided_by, decided_at, note)."""
    application = ApplicationFactory(stage=Stage.INTERVIEWING)
    change_stage(
        application=application, stage=Stage.SHORTLISTED, by=manager, note="Strong", decision=True
    )
    change_stage(application=application, stage=Stage.OFFER, by=hr, note="Budget ok", decision=True)
    assert history(application) == [
        ("interviewing", "shortlisted", "manager", True, "Strong"),
        ("shortlisted", "offer", "hr", True, "Budget ok"),
    ]
    application.refresh_from_db()
    assert (application.stage, application.decided_by, application.decision_note) == (
        "offer",
        hr,
        "Budget ok",
    )


def test_hr_moving_the_stage_keeps_the_managers_decision_credited_to_the_manager(manager, hr):
    """Before: HR moving to "hired" set decided_by to HR and the manager's decision was gone."""
    application = ApplicationFactory(stage=Stage.INTERVIEWING)
    change_stage(application=application, stage=Stage.OFFER, by=manager, note="Go", decision=True)
    decided_at = Application.objects.get(pk=application.pk).decided_at
    change_stage(application=application, stage=Stage.HIRED, by=hr)
    application.refresh_from_db()
    assert application.stage == "hired"
    assert (application.decided_by, application.decided_at) == (manager, decided_at)
    assert application.decision_note == "Go"
    assert history(application) == [
        ("interviewing", "offer", "manager", True, "Go"),
        ("offer", "hired", "hr", False, ""),
    ]


def test_a_stale_copy_records_the_stage_it_really_moves_from(manager, hr):
    """Two people deciding on the same page load: each row starts where the other left off."""
    first = ApplicationFactory(stage=Stage.INTERVIEWING)
    second = Application.objects.get(pk=first.pk)  # loaded before the first decision
    change_stage(application=first, stage=Stage.SHORTLISTED, by=manager, decision=True)
    change_stage(application=second, stage=Stage.REJECTED, by=hr, decision=True)
    assert [row[:3] for row in history(first)] == [
        ("interviewing", "shortlisted", "manager"),
        ("shortlisted", "rejected", "hr"),
    ]
    assert second.stage == "rejected"


def test_moving_to_the_stage_it_has_records_nothing_but_a_decision_is_recorded(manager, hr):
    application = ApplicationFactory(stage=Stage.SHORTLISTED)
    assert change_stage(application=application, stage=Stage.SHORTLISTED, by=hr) is None
    assert history(application) == []
    change_stage(
        application=application,
        stage=Stage.SHORTLISTED,
        by=manager,
        note="Confirmed",
        decision=True,
    )
    assert history(application) == [("shortlisted", "shortlisted", "manager", True, "Confirmed")]


@pytest.mark.parametrize(
    ("stage", "decision"), [("promoted", False), (Stage.WITHDRAWN, True), (Stage.ON_HOLD, True)]
)
def test_unknown_stages_and_decisions_to_a_non_decision_stage_are_refused(hr, stage, decision):
    application = ApplicationFactory()
    with pytest.raises(ValueError):
        change_stage(application=application, stage=stage, by=hr, decision=decision)
    assert history(application) == []
    application.refresh_from_db()
    assert application.stage == "applied"


@pytest.mark.parametrize("stage", [Stage.WITHDRAWN, Stage.ON_HOLD])
def test_withdrawn_and_on_hold_are_stages_hr_can_move_to(hr, stage):
    application = ApplicationFactory(stage=Stage.INTERVIEWING)
    change_stage(application=application, stage=stage, by=hr)
    application.refresh_from_db()
    assert application.stage == stage
    assert history(application) == [("interviewing", stage, "hr", False, "")]


def test_applications_created_past_applied_get_their_first_move(hr):
    past = ApplicationFactory(stage=Stage.INTERVIEWING)
    fresh = ApplicationFactory()
    record_created_stages(applications=[past, fresh], by=hr)
    assert history(past) == [("applied", "interviewing", "hr", False, "")]
    assert history(fresh) == []
