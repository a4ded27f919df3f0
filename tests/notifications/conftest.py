"""Jobs run at once (django-tasks' immediate backend), e-mail through a counting backend."""

import pytest
from django.core import mail

from tests.notifications.mailbox import CountingBackend
from tests.notifications.sink import start_sink

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def notification_settings(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "tests.notifications.mailbox.CountingBackend"
    settings.SITE_URL = "https://hiring.example.com"
    settings.REMINDER_FIRST_HOURS = 2
    settings.REMINDER_REPEAT_HOURS = 24
    settings.REMINDER_LIMIT = 3
    settings.NOTIFY_RETRY_LIMIT = 3
    settings.NOTIFY_RETRY_SECONDS = 60
    settings.NOTIFY_HTTP_TIMEOUT = 5
    CountingBackend.connections = 0
    CountingBackend.refused = set()
    mail.outbox = []
    return settings


@pytest.fixture
def sink():
    sink, server = start_sink()
    yield sink
    server.shutdown()
    server.server_close()
