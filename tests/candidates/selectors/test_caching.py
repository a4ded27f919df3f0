"""The process's own level of the ranking cache (candidates/selectors/caching.py)."""

import threading
import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from candidates.selectors import caching
from candidates.selectors.caching import Recent
from tests.shared_cache import redis_answers, use_redis


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


SHARED = "redis://127.0.0.1:6379/8"


@pytest.fixture
def shared_cache(settings):
    if not redis_answers(SHARED):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    use_redis(settings, SHARED)
    caching.recent.clear()
    yield caches["ranking"]
    caching.recent.clear()


def test_a_process_missing_a_result_another_is_computing_waits_for_it(shared_cache):
    computing, finish = threading.Event(), threading.Event()
    computed = []

    def slow():
        computing.set()
        finish.wait(timeout=10)
        computed.append("first")
        return "the shortlist"

    def again():
        computed.append("second")
        return "computed twice"

    results = {}
    first = threading.Thread(
        target=lambda: results.setdefault("first", caching.cached(("v",), ("shortlist", 1), slow))
    )
    first.start()
    assert computing.wait(timeout=10)
    caching.recent.clear()  # the second caller is another process: it shares only Redis
    second = threading.Thread(
        target=lambda: results.setdefault("second", caching.cached(("v",), ("shortlist", 1), again))
    )
    second.start()
    time.sleep(0.2)  # the second is waiting, not computing
    assert computed == []
    finish.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert results == {"first": "the shortlist", "second": "the shortlist"}
    assert computed == ["first"]
    assert (
        shared_cache.get(caching.claim_name(caching.cache_name(("shortlist", 1), ("v",)))) is None
    )


def test_a_claim_left_by_a_computation_that_failed_is_released(shared_cache):
    def failing():
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        caching.cached(("v",), ("shortlist", 2), failing)
    assert caching.cached(("v",), ("shortlist", 2), lambda: "computed") == "computed"


def test_a_small_result_is_never_waited_for(shared_cache):
    name = caching.cache_name(("confidence", 1), ("v",))
    shared_cache.add(caching.claim_name(name), 1, 10)  # as if another process computed it
    assert caching.cached(("v",), ("confidence", 1), lambda: "computed") == "computed"
