"""Chat robots: each service's message shape, signatures, matching channels, retries.

Every request goes to a local HTTP sink (tests/notifications/sink.py) that checks
DingTalk's and Feishu's signatures as those services document.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import ChatChannel, ChatEvent, ChatMessage, ChatStatus
from notifications.tasks import announce_scorecard
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, OpeningFactory
from tests.notifications.conftest import DATABASE
from tests.notifications.helpers import submit
from tests.notifications.sink import SECRET

pytestmark = pytest.mark.django_db

BOTH = [ChatEvent.SCORECARD_SUBMITTED, ChatEvent.SCORECARDS_COMPLETE]
SUBMITTED_ONLY = [ChatEvent.SCORECARD_SUBMITTED]


def channel(sink, kind: str, *, events=BOTH, secret: str = "", **fields) -> ChatChannel:
    query = {"wecom": {"key": "k1"}, "dingtalk": {"access_token": "t1"}}.get(kind, {})
    return ChatChannel.objects.create(
        name=kind,
        kind=kind,
        url=sink.address(kind, **query),
        secret=secret,
        events=[str(event) for event in events],
        **fields,
    )


@pytest.fixture
def application():
    return ApplicationFactory(
        candidate=CandidateFactory(name="Alice Chen"), opening=OpeningFactory(title="KAM, cloud")
    )


def test_each_service_gets_its_own_shape(sink, application, django_capture_on_commit_callbacks):
    for kind in ("wecom", "slack"):
        channel(sink, kind, events=SUBMITTED_ONLY)
    for kind in ("dingtalk", "feishu"):
        channel(sink, kind, events=SUBMITTED_ONLY, secret=SECRET)
    submit(
        InterviewFactory(application=application, round_name="Panel"),
        django_capture_on_commit_callbacks,
    )

    got = {request.service: request for request in sink.received}
    assert sorted(got) == ["dingtalk", "feishu", "slack", "wecom"]
    title = "Scorecard submitted: Alice Chen, Panel"

    wecom = got["wecom"].body
    assert wecom["msgtype"] == "markdown" and set(wecom) == {"msgtype", "markdown"}
    assert wecom["markdown"]["content"].startswith(f"**{title}**")
    assert got["wecom"].query == {"key": "k1"}

    ding = got["dingtalk"]
    assert ding.body["msgtype"] == "markdown"
    assert ding.body["markdown"]["title"] == title
    assert "](https://hiring.example.com/candidates/" in ding.body["markdown"]["text"]
    assert ding.query["access_token"] == "t1"
    assert ding.signature_ok is True

    feishu = got["feishu"]
    assert feishu.body["msg_type"] == "text"
    assert feishu.body["content"]["text"].startswith(title)
    assert feishu.signature_ok is True

    slack = got["slack"].body
    assert set(slack) == {"text"}
    assert slack["text"].startswith(f"*{title}*")
    assert "<https://hiring.example.com/candidates/" in slack["text"]

    assert (
        list(ChatMessage.objects.values_list("status", "response_code", "attempts"))
        == [(ChatStatus.SENT, 200, 1)] * 4
    )


def test_unsigned_robots_get_no_signature(sink, application, django_capture_on_commit_callbacks):
    channel(sink, "dingtalk", events=SUBMITTED_ONLY)
    channel(sink, "feishu", events=SUBMITTED_ONLY)
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    ding, feishu = sorted(sink.received, key=lambda request: request.service)
    assert "sign" not in ding.query and "timestamp" not in ding.query
    assert "sign" not in feishu.body and "timestamp" not in feishu.body


def test_a_wrong_secret_is_refused_by_the_service_and_recorded(
    sink, application, django_capture_on_commit_callbacks
):
    channel(sink, "dingtalk", events=SUBMITTED_ONLY, secret="SEC-not-the-one")
    channel(sink, "feishu", events=SUBMITTED_ONLY, secret="SEC-not-the-one")
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    assert {request.signature_ok for request in sink.received} == {False}
    for message in ChatMessage.objects.all():
        assert message.status == ChatStatus.FAILED
        assert message.attempts == 3  # NOTIFY_RETRY_LIMIT
        assert message.response_code == 200
        assert "sign" in message.error


def test_a_500_is_retried_and_the_second_attempt_is_recorded(
    sink, application, django_capture_on_commit_callbacks
):
    channel(sink, "slack", events=SUBMITTED_ONLY)
    sink.statuses = [500]
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    assert len(sink.received) == 2
    message = ChatMessage.objects.get()
    assert (message.status, message.attempts, message.response_code, message.error) == (
        ChatStatus.SENT,
        2,
        200,
        "",
    )


# A real transaction: the worker closes a connection it finds inside one (PostgreSQL).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_retry_waits_with_a_doubling_delay_on_the_database_backend(
    sink, application, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE
    channel(sink, "slack", events=SUBMITTED_ONLY)
    sink.statuses = [500, 500]
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    message = ChatMessage.objects.get()
    assert (message.status, message.attempts) == (ChatStatus.PENDING, 1)
    assert "HTTP 500" in message.error
    waiting = DBTaskResult.objects.filter(status="READY").get()
    delay = waiting.run_after - timezone.now()
    assert timedelta(seconds=55) < delay <= timedelta(seconds=60)


def test_channels_hear_only_their_opening_and_events(
    sink, application, django_capture_on_commit_callbacks
):
    channel(sink, "slack", events=BOTH, opening=application.opening)
    channel(sink, "wecom", events=BOTH, opening=OpeningFactory())
    channel(sink, "feishu", events=[ChatEvent.SCORECARDS_COMPLETE])
    channel(sink, "dingtalk", events=BOTH, active=False)
    first = InterviewFactory(application=application)
    InterviewFactory(application=application)

    submit(first, django_capture_on_commit_callbacks)
    assert [request.service for request in sink.received] == ["slack"]


def test_all_in_goes_to_the_channels_listening_for_it(
    sink, application, django_capture_on_commit_callbacks
):
    channel(sink, "feishu", events=[ChatEvent.SCORECARDS_COMPLETE])
    submit(InterviewFactory(application=application), django_capture_on_commit_callbacks)

    (request,) = sink.received
    assert request.body["content"]["text"].startswith("All scorecards in: Alice Chen")
    assert f"/applications/{application.pk}/debrief/" in request.body["content"]["text"]


def test_chat_shows_the_code_on_a_blind_opening(sink, django_capture_on_commit_callbacks):
    """A group chat may hold interviewers: it is told what an interviewer would see."""
    channel(sink, "slack", events=SUBMITTED_ONLY)
    candidate = CandidateFactory(name="李娜")
    opening = OpeningFactory(blind_review=True)
    submit(
        InterviewFactory(application=ApplicationFactory(candidate=candidate, opening=opening)),
        django_capture_on_commit_callbacks,
    )
    (request,) = sink.received
    assert candidate.code in request.body["text"]
    assert "李娜" not in request.body["text"]


def test_a_channel_speaks_its_own_language(sink, application, django_capture_on_commit_callbacks):
    channel(sink, "wecom", events=SUBMITTED_ONLY, language="zh-hans")
    channel(sink, "slack", events=SUBMITTED_ONLY, language="en")
    submit(
        InterviewFactory(application=application),
        django_capture_on_commit_callbacks,
        recommendation="strong_yes",
    )
    got = {request.service: request.body for request in sink.received}
    assert "强烈推荐" in got["wecom"]["markdown"]["content"]
    assert "Strong yes" in got["slack"]["text"]


def test_the_same_event_twice_posts_once(sink, application, django_capture_on_commit_callbacks):
    channel(sink, "slack", events=SUBMITTED_ONLY)
    scorecard = submit(
        InterviewFactory(application=application), django_capture_on_commit_callbacks
    )
    announce_scorecard.enqueue(scorecard_id=scorecard.pk)

    assert len(sink.received) == 1
