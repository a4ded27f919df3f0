"""The admin for webhooks (Administrators only) and the send_test_webhook command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hiring import roles
from integrations.models import Delivery, DeliveryStatus, Event, Webhook
from tests.conftest import logged_in, make_user
from tests.integrations.conftest import DELIVERY_JOB, make_hook

pytestmark = pytest.mark.django_db

WEBHOOKS = reverse("admin:integrations_webhook_changelist")
DELIVERIES = reverse("admin:integrations_delivery_changelist")


@pytest.fixture
def administrator():
    return make_user("boss", roles.ADMINISTRATOR, staff=True)


def test_an_administrator_adds_a_webhook_and_sees_its_secret(administrator):
    client = logged_in(administrator)
    response = client.post(
        reverse("admin:integrations_webhook_add"),
        {
            "url": "https://ats.example.com/hooks",
            "events": [Event.DECISION_RECORDED],
            "active": "on",
        },
    )
    assert response.status_code == 302
    hook = Webhook.objects.get()
    assert hook.events == ["decision.recorded"] and hook.created_by == administrator
    assert hook.secret.startswith("whsec_") and len(hook.secret) > 40
    page = client.get(reverse("admin:integrations_webhook_change", args=[hook.pk]))
    assert hook.secret in page.content.decode()


def test_a_webhook_needs_an_event_and_a_web_address(administrator):
    response = logged_in(administrator).post(
        reverse("admin:integrations_webhook_add"), {"url": "ftp://example.com/", "events": []}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"url", "events"}
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("url", [WEBHOOKS, DELIVERIES])
def test_other_staff_may_not_open_the_webhooks(hr, rubric_admin, url):
    assert logged_in(hr).get(url).status_code == 403
    assert logged_in(rubric_admin).get(url).status_code == 403
    assert b"integrations" not in logged_in(hr).get(reverse("admin:index")).content


def test_rotating_gives_a_new_secret_that_signs_from_then_on(administrator):
    hook = Webhook.objects.create(url="https://example.com/", events=[Event.STAGE_CHANGED])
    old = hook.secret
    response = logged_in(administrator).post(
        WEBHOOKS, {"action": "rotate_secrets", "_selected_action": [hook.pk]}
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.secret != old and hook.secret.startswith("whsec_")


def test_deliveries_are_read_only(administrator):
    hook = Webhook.objects.create(url="https://example.com/", events=[Event.STAGE_CHANGED])
    delivery = Delivery.objects.create(webhook=hook, event=Event.STAGE_CHANGED, payload={"a": 1})
    url = reverse("admin:integrations_delivery_change", args=[delivery.pk])
    client = logged_in(administrator)
    page = client.get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    client.post(url, {"status": DeliveryStatus.SUCCEEDED})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING


def test_retry_now_makes_a_given_up_delivery_due_and_enqueues_it(
    administrator, database_jobs, django_capture_on_commit_callbacks
):
    hook = Webhook.objects.create(url="https://example.com/", events=[Event.STAGE_CHANGED])
    gave_up = Delivery.objects.create(
        webhook=hook, event=Event.STAGE_CHANGED, payload={}, status=DeliveryStatus.GAVE_UP
    )
    done = Delivery.objects.create(
        webhook=hook,
        event=Event.STAGE_CHANGED,
        payload={},
        status=DeliveryStatus.SUCCEEDED,
        delivered_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(administrator).post(
            DELIVERIES, {"action": "retry_deliveries", "_selected_action": [gave_up.pk, done.pk]}
        )
    gave_up.refresh_from_db()
    assert gave_up.status == DeliveryStatus.FAILED and gave_up.next_attempt_at <= timezone.now()
    [job] = DBTaskResult.objects.filter(task_path=DELIVERY_JOB)
    assert job.args_kwargs["args"] == [gave_up.pk]


def test_the_command_sends_a_signed_test_event(receiver):
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED], active=False)
    out = StringIO()
    call_command("send_test_webhook", str(hook.pk), stdout=out)
    assert f"{receiver.url} answered 200" in out.getvalue()
    [got] = receiver.requests
    assert got.verified and got.event == "webhook.test"
    assert got.document["data"] == {"webhook": {"id": hook.pk}}
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_the_command_reports_a_failure_and_does_not_retry(receiver):
    receiver.statuses = [500]
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    with pytest.raises(CommandError, match="HTTP 500"):
        call_command("send_test_webhook", str(hook.pk))
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.GAVE_UP and delivery.next_attempt_at is None


def test_the_command_refuses_an_unknown_webhook():
    with pytest.raises(CommandError, match="no webhook 999"):
        call_command("send_test_webhook", "999")


def test_the_admin_sends_a_test_event(administrator, receiver):
    hook = make_hook(receiver, [Event.SCORECARD_SUBMITTED])
    response = logged_in(administrator).post(
        WEBHOOKS, {"action": "send_tests", "_selected_action": [hook.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [f"{receiver.url} answered 200."]
    assert [got.verified for got in receiver.requests] == [True]
