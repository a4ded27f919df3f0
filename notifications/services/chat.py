"""Notices to chat groups through their robots' webhooks (the formats: notifications/robots.py).

`queue_chat_messages` writes one ChatMessage per matching channel, in the
channel's language (the unique channel + event + key lets it be written
once however often the event arrives); `deliver` posts one and records the
outcome. Retrying is the job's business (notifications/tasks.py).
"""

import time
from collections.abc import Callable, Iterable

import requests
from django.conf import settings
from django.utils import timezone, translation

from notifications.models import ChatChannel, ChatMessage, ChatStatus
from notifications.robots import Notice, build_request, response_problem
from notifications.selectors.notices import channels_for


def queue_chat_messages(
    *, opening_id: int, notices: Iterable[tuple[str, str, Callable[..., Notice]]]
) -> list[int]:
    """Write the messages for the channels that listen; return the ids of the new ones.

    `notices` holds (event, key, build(reader)); chat groups are built with
    reader None, so a blind-review opening shows the candidate code there.
    """
    created_ids = []
    for event, key, build in notices:
        for channel in channels_for(event=event, opening_id=opening_id):
            with translation.override(channel.language):
                content = build(None).as_dict()
            message, created = ChatMessage.objects.get_or_create(
                channel=channel, event=event, key=key, defaults={"content": content}
            )
            if created:
                created_ids.append(message.pk)
    return created_ids


def post(channel: ChatChannel, notice: Notice) -> tuple[int | None, str]:
    """POST the notice; (HTTP status or None, problem or "")."""
    request = build_request(
        kind=channel.kind, url=channel.url, secret=channel.secret, notice=notice, now=time.time()
    )
    try:
        response = requests.post(
            request.url,
            data=request.data(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            timeout=settings.NOTIFY_HTTP_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        # The address holds the robot's key (and a signature): keep it out of the record.
        text = str(error).replace(request.url, "<webhook>").replace(channel.url, "<webhook>")
        return None, f"{type(error).__name__}: {text}"[:1000]
    return response.status_code, response_problem(
        kind=channel.kind, status=response.status_code, text=response.text
    )


def deliver(*, message_id: int) -> ChatMessage | None:
    """Post a waiting message once and record how it went; None if it is not waiting.

    After NOTIFY_RETRY_LIMIT failed attempts the message is marked failed.
    """
    message = (
        ChatMessage.objects.select_related("channel")
        .filter(pk=message_id, status=ChatStatus.PENDING)
        .first()
    )
    if message is None:
        return None
    if not message.channel.active:
        code, problem = None, "channel switched off"
    else:
        code, problem = post(message.channel, Notice.from_dict(message.content))
    message.attempts += 1
    message.response_code = code
    message.error = problem
    if not problem:
        message.status = ChatStatus.SENT
        message.sent_at = timezone.now()
    elif message.attempts >= settings.NOTIFY_RETRY_LIMIT or not message.channel.active:
        message.status = ChatStatus.FAILED
    message.save(update_fields=["attempts", "response_code", "error", "status", "sent_at"])
    return message


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after `attempts` failed ones: doubling from the base."""
    return settings.NOTIFY_RETRY_SECONDS * 2 ** (attempts - 1)
