"""The chat channel admin: HR adds a channel; a signing secret only where the service signs."""

import pytest
from django.urls import reverse

from notifications.admin import ChatChannelForm
from notifications.models import ChatChannel
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def form(**fields) -> ChatChannelForm:
    data = {
        "name": "Sales group",
        "kind": "slack",
        "url": "https://hooks.slack.com/services/T/B/X",
        "secret": "",
        "events": ["scorecard.submitted"],
        "language": "en",
        "active": "on",
    }
    return ChatChannelForm(data=data | fields)


def test_a_secret_for_a_service_that_does_not_sign_is_refused_on_the_field():
    bound = form(secret="SEC123")
    assert not bound.is_valid()
    assert list(bound.errors) == ["secret"]


def test_a_dingtalk_channel_keeps_its_secret_and_events():
    bound = form(
        kind="dingtalk", secret="SEC123", events=["scorecard.submitted", "scorecards.complete"]
    )
    assert bound.is_valid(), bound.errors
    saved = bound.save()
    assert (saved.secret, saved.events) == (
        "SEC123",
        ["scorecard.submitted", "scorecards.complete"],
    )


def test_an_unknown_event_is_refused():
    bound = form(events=["application.hired"])
    assert list(bound.errors) == ["events"]


def test_hr_adds_a_channel_in_the_admin(hr):
    client = logged_in(hr)
    response = client.post(
        reverse("admin:notifications_chatchannel_add"),
        {
            "name": "Sales group",
            "kind": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            "secret": "",
            "events": ["scorecard.submitted"],
            "language": "zh-hans",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert ChatChannel.objects.get().language == "zh-hans"


def test_hr_reads_but_cannot_change_what_was_sent(hr):
    client = logged_in(hr)
    assert client.get(reverse("admin:notifications_chatmessage_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_remindersent_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_chatmessage_add")).status_code == 403
