"""The process's own level of the ranking cache (candidates/selectors/caching.py)."""

from django.test import override_settings

from candidates.selectors import caching
from candidates.selectors.caching import Recent


def test_a_miss_soon_after_the_machine_started_is_a_miss(monkeypatch):
    # The monotonic clock counts from boot: within RANKING_CACHE_SECONDS of it, a key
    # never stored must still read as missing (it raised KeyError once).
    monkeypatch.setattr(caching.time, "monotonic", lambda: 5.0)
    recent = Recent(lambda: 10)
    assert recent.get("shortlist:never-stored") is None
    recent.put("shortlist:stored", "result")
    assert recent.get("shortlist:stored") == "result"


@override_settings(RANKING_CACHE_SECONDS=600)
def test_a_result_older_than_the_cache_lifetime_is_gone(monkeypatch):
    now = [1_000.0]
    monkeypatch.setattr(caching.time, "monotonic", lambda: now[0])
    recent = Recent(lambda: 10)
    recent.put("shortlist:stored", "result")
    now[0] += 601
    assert recent.get("shortlist:stored") is None
    assert "shortlist:stored" not in recent.items


def test_the_least_recently_used_go_first_past_the_limit():
    recent = Recent(lambda: 2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.get("a")
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
