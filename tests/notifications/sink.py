"""A local stand-in for the chat services: an HTTP server on 127.0.0.1 in a thread.

It checks DingTalk's and Feishu's signatures the way their robot documentation
tells a receiver to (computed here independently of notifications/robots.py),
answers as each service does, and records every request.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote_plus, urlsplit

SECRET = "SEC-test-secret"
# Both services refuse a timestamp more than an hour away from their clock.
MAX_SKEW_SECONDS = 3600


@dataclass
class Received:
    service: str
    query: dict[str, str]
    body: dict
    signature_ok: bool | None  # None: the service does not sign


@dataclass
class Sink:
    received: list[Received] = field(default_factory=list)
    # Statuses to answer with, in order (then 200): [500] fails the first request.
    statuses: list[int] = field(default_factory=list)
    url: str = ""

    def address(self, service: str, **query: str) -> str:
        tail = "&".join(f"{key}={value}" for key, value in query.items())
        return f"{self.url}/{service}" + (f"?{tail}" if tail else "")


def raw_query(query: str) -> dict[str, str]:
    """The query's values as sent, not URL-decoded."""
    return dict(pair.split("=", 1) for pair in query.split("&") if "=" in pair)


def dingtalk_signature_ok(query: str) -> bool:
    """DingTalk: timestamp + "\\n" + secret, HmacSHA256 keyed with the secret, Base64, urlEncode."""
    sent = raw_query(query)
    timestamp = sent.get("timestamp", "")
    if (
        not timestamp.isdigit()
        or abs(time.time() * 1000 - int(timestamp)) > MAX_SKEW_SECONDS * 1000
    ):
        return False
    digest = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    expected = quote_plus(base64.b64encode(digest).decode())
    return hmac.compare_digest(expected, sent.get("sign", ""))


def feishu_signature_ok(body: dict) -> bool:
    """string_to_sign = timestamp + "\\n" + secret as the HMAC-SHA256 key over b""; Base64."""
    timestamp = str(body.get("timestamp", ""))
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        return False
    key = f"{timestamp}\n{SECRET}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, str(body.get("sign", "")))


def answer(service: str, signature_ok: bool | None) -> bytes:
    if service == "slack":
        return b"ok"
    if service == "feishu":
        reply = {"code": 0, "msg": "success", "data": {}}
        if signature_ok is False:
            reply = {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}
        return json.dumps(reply).encode()
    reply = {"errcode": 0, "errmsg": "ok"}
    if signature_ok is False:
        reply = {"errcode": 310000, "errmsg": "sign not match"}
    return json.dumps(reply).encode()


def handler_for(sink: Sink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            parts = urlsplit(self.path)
            service = parts.path.strip("/")
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            signature_ok = None
            if service == "dingtalk" and "sign" in query:
                signature_ok = dingtalk_signature_ok(parts.query)
            elif service == "feishu" and "sign" in body:
                signature_ok = feishu_signature_ok(body)
            sink.received.append(Received(service, query, body, signature_ok))
            status = sink.statuses.pop(0) if sink.statuses else 200
            reply = answer(service, signature_ok) if status == 200 else b"server error"
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the test reads `sink.received`."""

    return Handler


def start_sink() -> tuple[Sink, ThreadingHTTPServer]:
    sink = Sink()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(sink))
    sink.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return sink, server
