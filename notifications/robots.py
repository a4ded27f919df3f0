"""Group-robot webhooks: the request each chat service expects, and how it answers.

Pure Python (no Django): `build_request` turns a notice (already translated)
into the URL and JSON body for one service, signed when the channel has a
secret; `response_problem` reads the answer. The shapes follow each service's
custom-robot documentation:

- WeCom (企业微信): {"msgtype": "markdown", "markdown": {"content": ...}}; the
  key in the URL is the only credential, so there is no signing.
- DingTalk (钉钉): {"msgtype": "markdown", "markdown": {"title": ..., "text": ...}};
  signed: HMAC-SHA256 keyed with the secret over "<timestamp ms>\\n<secret>",
  base64, added to the URL as `timestamp` and `sign` (URL-encoded).
- Feishu/Lark (飞书): {"msg_type": "text", "content": {"text": ...}}; signed:
  HMAC-SHA256 keyed with "<timestamp s>\\n<secret>" over an empty message,
  base64, sent in the body as "timestamp" and "sign".
- Slack incoming webhooks: {"text": ...} in Slack's mrkdwn.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WECOM = "wecom"
DINGTALK = "dingtalk"
FEISHU = "feishu"
SLACK = "slack"
KINDS = (WECOM, DINGTALK, FEISHU, SLACK)

# WeCom refuses markdown content over 4096 bytes (UTF-8); the others allow more.
WECOM_MAX_BYTES = 4096


@dataclass(frozen=True)
class Notice:
    """What to say: a title, a few lines, and one link. Every text already translated."""

    title: str
    lines: tuple[str, ...]
    url: str
    link_text: str

    @classmethod
    def from_dict(cls, data: dict) -> "Notice":
        return cls(
            title=data["title"],
            lines=tuple(data["lines"]),
            url=data["url"],
            link_text=data["link_text"],
        )

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "lines": list(self.lines),
            "url": self.url,
            "link_text": self.link_text,
        }


@dataclass(frozen=True)
class Request:
    url: str
    body: dict

    def data(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")


def dingtalk_sign(*, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature, before URL-encoding.

    base64(HMAC-SHA256 keyed with the secret over timestamp + "\\n" + secret).
    """
    message = f"{timestamp_ms}\n{secret}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def feishu_sign(*, secret: str, timestamp_s: int) -> str:
    """Feishu's signature: base64(HMAC-SHA256 keyed with ts + "\\n" + secret over b"")."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def with_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` added to its query (kept: access_token and the like)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def markdown_text(notice: Notice) -> str:
    lines = [f"**{notice.title}**", *notice.lines, f"[{notice.link_text}]({notice.url})"]
    return "\n\n".join(lines)


def slack_escape(text: str) -> str:
    """Slack reads &, < and > as markup: a name holding them must not become a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate_utf8(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[: limit - 3].decode("utf-8", "ignore") + "..."


def build_request(*, kind: str, url: str, secret: str, notice: Notice, now: float) -> Request:
    """The request for a `kind` channel; `now` is the Unix time in seconds (for signing)."""
    if kind == WECOM:
        content = truncate_utf8(markdown_text(notice), WECOM_MAX_BYTES)
        return Request(url, {"msgtype": "markdown", "markdown": {"content": content}})
    if kind == DINGTALK:
        body = {
            "msgtype": "markdown",
            "markdown": {"title": notice.title, "text": markdown_text(notice)},
        }
        if secret:
            timestamp = int(now * 1000)
            sign = dingtalk_sign(secret=secret, timestamp_ms=timestamp)
            url = with_query(url, {"timestamp": str(timestamp), "sign": sign})
        return Request(url, body)
    if kind == FEISHU:
        text = "\n".join([notice.title, *notice.lines, f"{notice.link_text}: {notice.url}"])
        body: dict = {"msg_type": "text", "content": {"text": text}}
        if secret:
            timestamp = int(now)
            body = {
                "timestamp": str(timestamp),
                "sign": feishu_sign(secret=secret, timestamp_s=timestamp),
            } | body
        return Request(url, body)
    if kind == SLACK:
        lines = [f"*{slack_escape(notice.title)}*", *map(slack_escape, notice.lines)]
        lines.append(f"<{notice.url}|{slack_escape(notice.link_text)}>")
        return Request(url, {"text": "\n".join(lines)})
    raise ValueError(f"unknown chat service {kind!r}")


def response_problem(*, kind: str, status: int, text: str) -> str:
    """Why the service refused the message, or "" when it took it.

    WeCom and DingTalk answer HTTP 200 with {"errcode": 0} on success and a
    non-zero errcode otherwise (a bad signature, a rate limit); Feishu with
    {"code": 0} (older robots: {"StatusCode": 0}); Slack with the text "ok".
    """
    if not 200 <= status < 300:
        return f"HTTP {status}: {text[:300]}"
    if kind == SLACK:
        return "" if text.strip() == "ok" else text[:300]
    try:
        answer = json.loads(text)
    except ValueError:
        return f"not JSON: {text[:300]}"
    if not isinstance(answer, dict):
        return f"unexpected answer: {text[:300]}"
    for field in ("errcode", "code", "StatusCode"):
        if field in answer and answer[field] != 0:
            return text[:300]
    return ""
