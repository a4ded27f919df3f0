"""Chat request building without a network: addresses, escaping, limits, answers."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from notifications.robots import (
    WECOM_MAX_BYTES,
    Notice,
    build_request,
    response_problem,
    with_query,
)

NOTICE = Notice(
    title="Scorecard submitted: A & B <co>",
    lines=("Opening: KAM",),
    url="https://hiring.example.com/candidates/1/",
    link_text="Open",
)


def test_signing_keeps_the_robots_own_query():
    url = with_query("https://oapi.dingtalk.com/robot/send?access_token=abc", {"sign": "a+b/c="})
    query = parse_qs(urlsplit(url).query)
    assert query == {"access_token": ["abc"], "sign": ["a+b/c="]}
    assert "sign=a%2Bb%2Fc%3D" in url


def test_dingtalk_timestamp_is_in_milliseconds_and_feishu_in_seconds():
    ding = build_request(
        kind="dingtalk",
        url="https://x/?access_token=t",
        secret="s",
        notice=NOTICE,
        now=1700000000.5,
    )
    feishu = build_request(
        kind="feishu", url="https://x/", secret="s", notice=NOTICE, now=1700000000.5
    )
    assert parse_qs(urlsplit(ding.url).query)["timestamp"] == ["1700000000500"]
    assert feishu.body["timestamp"] == "1700000000"


def test_slack_text_cannot_be_turned_into_markup_by_a_name():
    text = build_request(kind="slack", url="https://x", secret="", notice=NOTICE, now=0).body[
        "text"
    ]
    assert "A &amp; B &lt;co&gt;" in text
    assert text.endswith("<https://hiring.example.com/candidates/1/|Open>")


def test_wecom_content_stays_within_its_byte_limit():
    long = Notice(title="评分卡" * 2000, lines=(), url="https://x", link_text="打开")
    body = build_request(kind="wecom", url="https://x", secret="", notice=long, now=0).body
    assert len(body["markdown"]["content"].encode("utf-8")) <= WECOM_MAX_BYTES


def test_the_body_is_utf8_json():
    request = build_request(kind="feishu", url="https://x", secret="", notice=NOTICE, now=0)
    assert json.loads(request.data().decode("utf-8")) == request.body


@pytest.mark.parametrize(
    ("kind", "status", "text", "ok"),
    [
        ("wecom", 200, '{"errcode":0,"errmsg":"ok"}', True),
        ("wecom", 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', False),
        ("dingtalk", 200, '{"errcode":310000,"errmsg":"sign not match"}', False),
        ("feishu", 200, '{"code":0,"msg":"success","data":{}}', True),
        ("feishu", 200, '{"StatusCode":0,"StatusMessage":"success"}', True),
        ("feishu", 200, '{"code":19021,"msg":"sign match fail"}', False),
        ("slack", 200, "ok", True),
        ("slack", 404, "no_service", False),
        ("dingtalk", 200, "<html>proxy</html>", False),
        ("wecom", 502, "bad gateway", False),
    ],
)
def test_the_answer_says_whether_the_service_took_the_message(kind, status, text, ok):
    assert (response_problem(kind=kind, status=status, text=text) == "") is ok


def test_an_unknown_service_is_an_error():
    with pytest.raises(ValueError):
        build_request(kind="telegram", url="https://x", secret="", notice=NOTICE, now=0)
