"""A webhook receiver on 127.0.0.1 (a random port) that checks every signature, and helpers."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from integrations.models import Webhook
from integrations.signing import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, verify
from tests.factories import InterviewFactory

# The delivery job's rows; other apps' jobs (notifications) may wait beside them.
DELIVERY_JOB = "integrations.tasks.deliver_webhook"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@dataclass
class Received:
    event: str
    delivery: str
    signature: str
    body: bytes
    verified: bool

    @property
    def document(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the receiver got; `statuses` are the answers to give, in order (then 200)."""

    url: str
    secret: str = ""
    statuses: list[int] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            signature = self.headers.get(SIGNATURE_HEADER, "")
            try:
                verify(receiver.secret, signature, body)
                verified = True
            except ValueError:
                verified = False
            receiver.requests.append(
                Received(
                    event=self.headers.get(EVENT_HEADER, ""),
                    delivery=self.headers.get(DELIVERY_HEADER, ""),
                    signature=signature,
                    body=body,
                    verified=verified,
                )
            )
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status if verified else 400)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    host, port = server.server_address[:2]
    found = Receiver(url=f"http://{host}:{port}/hooks")
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def immediate_jobs(settings) -> None:
    """Jobs run inside the call that enqueues them (TASKS_BACKEND=immediate)."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_jobs(settings) -> None:
    """Jobs wait in the database for `db_worker`, as in production."""
    settings.TASKS = DATABASE


def make_hook(receiver: Receiver, events: list[str], **fields) -> Webhook:
    hook = Webhook.objects.create(url=receiver.url, events=events, **fields)
    receiver.secret = hook.secret
    return hook


def submit_scorecard(interview=None):
    """A complete scorecard submitted through the service, as the entry page does."""
    interview = interview or InterviewFactory()
    codes = interview.application.opening.rubric.dimensions.values_list("code", flat=True)
    entry = ScorecardEntry(
        scores={code: ScoreEntry(value=3) for code in codes}, recommendation="yes"
    )
    return save_scorecard(
        interview=interview, entry=entry, by=None, expected_version=0, submit=True
    )
