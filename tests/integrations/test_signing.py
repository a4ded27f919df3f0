"""Signatures: a receiver accepts what we signed, and nothing altered, forged or replayed."""

import hashlib
import hmac

import pytest

from integrations.signing import InvalidSignature, sign, verify

SECRET = "whsec_test"
BODY = b'{"event":"scorecard.submitted","id":1}'
T = 1_800_000_000


def test_the_signature_is_the_hmac_of_time_dot_body():
    expected = hmac.new(SECRET.encode(), f"{T}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, timestamp=T) == f"t={T},v1={expected}"


def test_a_fresh_signature_verifies_and_gives_its_time():
    assert verify(SECRET, sign(SECRET, BODY, timestamp=T), BODY, now=T + 10) == T


def test_a_changed_body_is_rejected():
    with pytest.raises(InvalidSignature):
        verify(SECRET, sign(SECRET, BODY, timestamp=T), BODY + b" ", now=T)


def test_another_secret_is_rejected():
    with pytest.raises(InvalidSignature):
        verify("whsec_other", sign(SECRET, BODY, timestamp=T), BODY, now=T)


def test_a_changed_time_is_rejected():
    """The time is signed too: moving it forward to pass the window breaks the signature."""
    forged = sign(SECRET, BODY, timestamp=T).replace(f"t={T}", f"t={T + 1000}")
    with pytest.raises(InvalidSignature, match="no signature"):
        verify(SECRET, forged, BODY, now=T + 1000)


def test_a_replay_after_five_minutes_is_rejected():
    header = sign(SECRET, BODY, timestamp=T)
    assert verify(SECRET, header, BODY, now=T + 300) == T
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(SECRET, header, BODY, now=T + 301)


def test_a_time_far_in_the_future_is_rejected():
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(SECRET, sign(SECRET, BODY, timestamp=T + 301), BODY, now=T)


def test_the_tolerance_can_be_narrowed():
    with pytest.raises(InvalidSignature):
        verify(SECRET, sign(SECRET, BODY, timestamp=T), BODY, tolerance=5, now=T + 6)


def test_any_matching_v1_signature_is_enough():
    """During a secret change a sender may sign with both; either one passes."""
    good = sign(SECRET, BODY, timestamp=T).split(",")[1]
    assert verify(SECRET, f"t={T},v1={'0' * 64},{good}", BODY, now=T) == T


@pytest.mark.parametrize("header", [None, "", "v1=abc", f"t={T}", "t=soon,v1=abc", "garbage"])
def test_a_missing_or_malformed_header_is_rejected(header):
    with pytest.raises(InvalidSignature):
        verify(SECRET, header, BODY, now=T)


def test_a_text_body_is_read_as_utf8():
    body = '{"title":"客户经理"}'
    assert verify(SECRET, sign(SECRET, body.encode(), timestamp=T), body, now=T) == T
