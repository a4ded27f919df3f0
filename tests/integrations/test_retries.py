"""Retries: a failed delivery comes back after the backoff, counted, and gives up after six."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from integrations.models import Delivery, DeliveryStatus, Event
from integrations.sending import BACKOFF, MAX_ATTEMPTS, retry_delay
from integrations.tasks import deliver_webhook
from tests.integrations.conftest import DELIVERY_JOB, make_hook, submit_scorecard

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def waiting_jobs():
    return DBTaskResult.objects.filter(task_path=DELIVERY_JOB, status="READY")


def let_the_wait_pass(delivery: Delivery) -> None:
    """As if the clock reached the next attempt: the delivery and its job are due now."""
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now)
    waiting_jobs().update(run_after=now)


def test_the_backoff_is_one_five_thirty_minutes_two_and_twelve_hours():
    minutes = [retry_delay(n) / timedelta(minutes=1) for n in range(1, MAX_ATTEMPTS)]
    assert minutes == [1, 5, 30, 120, 720]
    assert retry_delay(MAX_ATTEMPTS) is None and MAX_ATTEMPTS == 6


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_500_is_retried_with_backoff_until_it_gives_up(
    receiver, database_jobs, django_capture_on_commit_callbacks
):
    receiver.statuses = [500] * MAX_ATTEMPTS
    make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        submit_scorecard()
    delivery = Delivery.objects.get()

    for attempt in range(1, MAX_ATTEMPTS + 1):
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt and delivery.last_status_code == 500
        assert delivery.last_error == "HTTP 500 Internal Server Error"
        if attempt < MAX_ATTEMPTS:
            tried_at = timezone.datetime.fromisoformat(delivery.attempt_log[-1]["at"])
            assert delivery.status == DeliveryStatus.FAILED
            assert delivery.next_attempt_at == tried_at + BACKOFF[attempt - 1]
            assert waiting_jobs().get().run_after == delivery.next_attempt_at
            let_the_wait_pass(delivery)

    assert delivery.status == DeliveryStatus.GAVE_UP and delivery.next_attempt_at is None
    assert not waiting_jobs().exists()
    assert [entry["attempt"] for entry in delivery.attempt_log] == [1, 2, 3, 4, 5, 6]
    # Every attempt: the same body and delivery id, each signed afresh and valid.
    assert len(receiver.requests) == MAX_ATTEMPTS
    assert len({got.body for got in receiver.requests}) == 1
    assert {got.delivery for got in receiver.requests} == {str(delivery.pk)}
    assert all(got.verified for got in receiver.requests)


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_later_attempt_that_succeeds_ends_the_retries(
    receiver, database_jobs, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    with django_capture_on_commit_callbacks(execute=True):
        submit_scorecard()
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    let_the_wait_pass(delivery)

    with django_capture_on_commit_callbacks(execute=True):
        run_worker()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.SUCCEEDED,
        2,
        200,
    )
    assert delivery.last_error == "" and delivery.next_attempt_at is None
    assert [entry["status_code"] for entry in delivery.attempt_log] == [503, 200]
    assert not waiting_jobs().exists()


def test_a_job_for_an_attempt_not_due_sends_nothing(receiver, database_jobs):
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    later = timezone.now() + timedelta(minutes=5)
    delivery = Delivery.objects.create(
        webhook=hook, event=Event.SCORECARD_SUBMITTED, payload={}, next_attempt_at=later
    )
    assert deliver_webhook.call(delivery.pk) is None
    delivery.refresh_from_db()
    assert receiver.requests == [] and delivery.attempts == 0


def test_a_deactivated_hook_gets_no_retry(receiver, database_jobs):
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED], active=False)
    delivery = Delivery.objects.create(
        webhook=hook,
        event=Event.SCORECARD_SUBMITTED,
        payload={},
        status=DeliveryStatus.FAILED,
        attempts=1,
        next_attempt_at=timezone.now(),
    )
    assert deliver_webhook.call(delivery.pk) is None
    assert receiver.requests == []


def test_a_timeout_is_a_failed_attempt(receiver, database_jobs, settings, monkeypatch):
    import requests

    def too_slow(*args, **kwargs):
        assert kwargs["timeout"] == settings.WEBHOOK_TIMEOUT_SECONDS
        raise requests.ReadTimeout("read timed out")

    monkeypatch.setattr(requests, "post", too_slow)
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    delivery = Delivery.objects.create(
        webhook=hook, event=Event.SCORECARD_SUBMITTED, payload={}, next_attempt_at=timezone.now()
    )
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.last_status_code is None
    assert delivery.last_error == "ReadTimeout: read timed out"
