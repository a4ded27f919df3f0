"""Webhooks end to end: a change through a service reaches a local receiver, signed, once."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from candidates.models import Stage
from candidates.services.privacy import anonymise_candidate
from candidates.services.stages import change_stage, start_interviewing
from integrations.events import emit
from integrations.models import Delivery, DeliveryStatus, Event, Webhook
from tests.factories import ApplicationFactory, InterviewFactory, OpeningFactory
from tests.integrations.conftest import DELIVERY_JOB, make_hook, submit_scorecard

pytestmark = pytest.mark.django_db


def test_a_submitted_scorecard_is_delivered_signed(
    receiver, immediate_jobs, django_capture_on_commit_callbacks
):
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    interview = InterviewFactory(application__opening__title="Key accounts")

    with django_capture_on_commit_callbacks(execute=True):
        scorecard = submit_scorecard(interview)

    [got] = receiver.requests
    delivery = Delivery.objects.get()
    assert got.verified
    assert (got.event, got.delivery) == ("scorecard.submitted", str(delivery.pk))
    application = interview.application
    assert got.document == {
        "id": delivery.pk,
        "event": "scorecard.submitted",
        "created_at": delivery.created_at.isoformat(),
        "data": {
            "opening": {"id": application.opening_id, "title": "Key accounts"},
            "application": {"id": application.pk, "stage": application.stage},
            "candidate": {"id": application.candidate_id},
            "interview": {"id": interview.pk},
            "scorecard": {
                "id": scorecard.pk,
                "submitted": True,
                "submitted_at": scorecard.submitted_at.isoformat(),
                "recommendation": "yes",
            },
        },
    }
    assert (delivery.webhook, delivery.status, delivery.attempts) == (
        hook,
        DeliveryStatus.SUCCEEDED,
        1,
    )
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    assert [entry["status_code"] for entry in delivery.attempt_log] == [200]


def test_a_draft_sends_nothing(receiver, immediate_jobs, django_capture_on_commit_callbacks):
    from candidates.services.scorecards import ScorecardEntry, save_scorecard

    make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        save_scorecard(
            interview=InterviewFactory(),
            entry=ScorecardEntry(scores={}, recommendation="yes"),
            by=None,
            expected_version=0,
            submit=False,
        )
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_a_rolled_back_submission_sends_nothing(
    receiver, immediate_jobs, django_capture_on_commit_callbacks
):
    make_hook(receiver, [Event.SCORECARD_SUBMITTED])

    class Undone(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Undone), transaction.atomic():
            submit_scorecard()
            raise Undone
    assert callbacks == []
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_inactive_and_unsubscribed_hooks_get_nothing(
    receiver, immediate_jobs, django_capture_on_commit_callbacks
):
    make_hook(receiver, [Event.SCORECARD_SUBMITTED], active=False)
    make_hook(receiver, [Event.STAGE_CHANGED, Event.DECISION_RECORDED])
    with django_capture_on_commit_callbacks(execute=True):
        submit_scorecard()
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_a_stage_change_and_a_decision_are_sent_to_their_subscribers(
    receiver, immediate_jobs, django_capture_on_commit_callbacks, manager
):
    make_hook(receiver, [Event.STAGE_CHANGED, Event.DECISION_RECORDED])
    application = ApplicationFactory(stage=Stage.INTERVIEWING, opening__blind_review=True)

    with django_capture_on_commit_callbacks(execute=True):
        change_stage(application=application, stage=Stage.SHORTLISTED, by=manager, decision=True)
        change_stage(application=application, stage=Stage.ON_HOLD, by=manager, note="Zhao: wait")

    events = [(got.event, got.document["data"]["stage"]) for got in receiver.requests]
    assert sorted(events, key=str) == sorted(
        [
            ("application.stage_changed", {"from": "interviewing", "to": "shortlisted"}),
            ("decision.recorded", {"from": "interviewing", "to": "shortlisted"}),
            ("application.stage_changed", {"from": "shortlisted", "to": "on_hold"}),
        ],
        key=str,
    )
    decisions = [got.document["data"]["decision"] for got in receiver.requests]
    assert sorted(decisions, key=str) == sorted([None, "shortlisted", "shortlisted"], key=str)
    assert all(got.verified for got in receiver.requests)
    # A blind-review opening: the candidate is an id, never a name; notes are not sent.
    for got in receiver.requests:
        assert got.document["data"]["candidate"] == {"id": application.candidate_id}
        assert application.candidate.name.encode() not in got.body
        assert b"Zhao" not in got.body


def test_anonymising_is_sent_without_any_personal_data(
    receiver, immediate_jobs, django_capture_on_commit_callbacks, hr
):
    make_hook(receiver, [Event.CANDIDATE_ANONYMISED])
    application = ApplicationFactory(candidate__name="赵晓雨", candidate__email="zhao@example.com")
    candidate = application.candidate

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")

    [got] = receiver.requests
    assert got.verified and got.event == "candidate.anonymised"
    assert got.document["data"] == {
        "candidate": {"id": candidate.pk, "anonymised_at": candidate.anonymised_at.isoformat()},
        "applications": [{"id": application.pk}],
    }
    assert "赵晓雨".encode() not in got.body and b"zhao@" not in got.body


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_run_by_the_worker_delivers(
    receiver, database_jobs, django_capture_on_commit_callbacks
):
    """With the database backend the request only writes rows; `db_worker` sends."""
    make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        submit_scorecard()

    job = DBTaskResult.objects.get(task_path=DELIVERY_JOB)
    assert receiver.requests == [] and job.status == "READY"

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert job.return_value["status_code"] == 200
    assert [got.verified for got in receiver.requests] == [True]
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_the_event_reaches_a_second_hook_even_when_the_first_fails(
    receiver, immediate_jobs, django_capture_on_commit_callbacks
):
    broken = Webhook.objects.create(
        url="http://127.0.0.1:9/nobody-listens", events=[Event.SCORECARD_SUBMITTED]
    )
    make_hook(receiver, [Event.SCORECARD_SUBMITTED])

    with django_capture_on_commit_callbacks(execute=True):
        submit_scorecard(InterviewFactory(application__opening=OpeningFactory()))

    by_url = {d.webhook.url: d for d in Delivery.objects.select_related("webhook")}
    assert by_url[receiver.url].status == DeliveryStatus.SUCCEEDED
    failed = by_url[broken.url]
    assert failed.status == DeliveryStatus.FAILED and failed.last_status_code is None
    assert "ConnectionError" in failed.last_error


def test_an_event_nobody_can_subscribe_to_is_refused():
    with pytest.raises(ValueError):
        emit("interview.scheduled", {})


def test_a_failing_listener_does_not_fail_the_change(
    monkeypatch, immediate_jobs, django_capture_on_commit_callbacks, caplog
):
    def broken(event, payload):
        raise RuntimeError("database went away")

    monkeypatch.setattr("integrations.events.emit", broken)
    with django_capture_on_commit_callbacks(execute=True):
        scorecard = submit_scorecard()
    assert scorecard.is_submitted
    assert "database went away" in caplog.text


def test_the_first_interview_moves_the_application_on_and_says_so(
    receiver, immediate_jobs, django_capture_on_commit_callbacks
):
    """Scheduling the first interview moves an application at screening to interviewing:
    a stage change like any other, for the page, the admin and the import alike."""
    make_hook(receiver, [Event.STAGE_CHANGED])
    waiting = ApplicationFactory(stage=Stage.SCREENING)
    later = ApplicationFactory(stage=Stage.OFFER)
    with django_capture_on_commit_callbacks(execute=True):
        start_interviewing(application_ids=[waiting.pk, later.pk], by=None)
    (got,) = receiver.requests
    assert got.verified
    assert got.document["data"]["application"] == {"id": waiting.pk, "stage": "interviewing"}
    assert got.document["data"]["stage"] == {"from": "screening", "to": "interviewing"}
