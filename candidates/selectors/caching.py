"""Results computed from an opening's scores, cached under the ranking version.

A key names what was computed and from what (the opening, the language, k,
...) and the version (candidates/models/versions.py); a change to the data
gives a new version, so an entry is read only while the data is as it was.
Without a version (`None`: this transaction holds uncommitted changes) nothing
is read or stored. The cache being unreachable (Redis restarting) costs time,
never an answer: the result is computed, and the outage logged once.

Two levels: the process keeps the last results it used as they are (reading
one costs nothing), and CACHES["ranking"] shares them between processes
(Redis), where reading one means unpickling it. Results are shared, so the
callers treat them as read-only.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from candidates.models import RankingVersion, changes_pending
from hiring.collection import collector_paused
from hiring.outage import Outage

T = TypeVar("T")
CACHE = "ranking"
outage = Outage(
    logging.getLogger(__name__),
    down="The ranking cache is unreachable: rankings are computed on every request.",
    back="The ranking cache is back.",
)


Version = tuple | None


def opening_version(opening_id: int) -> Version:
    """What a result computed from one opening's data is cached under (one query), or
    None while this transaction holds uncommitted changes: it must see its own data,
    and no other process may."""
    return None if changes_pending() else RankingVersion.objects.of_openings([opening_id])


def rubric_version(rubric_id: int) -> Version:
    """The same for a result computed from every opening of a rubric (calibration)."""
    return None if changes_pending() else RankingVersion.objects.of_rubric(rubric_id)


# What grows with the applications: a process keeps only RANKING_RECENT_RESULTS of
# these; the other results (confidence, leniency sums, averages, agreement) are
# small, and SMALL_RESULTS of them are kept.
LARGE = {"matrix", "inputs", "shortlist"}
SMALL_RESULTS = 500


class Recent:
    """The last results of one size this process used, by key: the least recently used
    go first past `limit()`, and any after RANKING_CACHE_SECONDS, as in the cache."""

    def __init__(self, limit: Callable[[], int]) -> None:
        self.items: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()
        self.limit = limit

    def get(self, name: str):
        with self.lock:
            if name not in self.items:
                return None
            stored, value = self.items[name]
            if time.monotonic() - stored > settings.RANKING_CACHE_SECONDS:
                del self.items[name]
                return None
            self.items.move_to_end(name)
            return value

    def put(self, name: str, value) -> None:
        with self.lock:
            self.items[name] = (time.monotonic(), value)
            self.items.move_to_end(name)
            while len(self.items) > self.limit():
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class RecentResults:
    """The large and the small results this process used last."""

    def __init__(self) -> None:
        self.large = Recent(lambda: settings.RANKING_RECENT_RESULTS)
        self.small = Recent(lambda: SMALL_RESULTS)

    def of(self, name: str) -> Recent:
        return self.large if name.split(":", 1)[0] in LARGE else self.small

    def get(self, name: str):
        return self.of(name).get(name)

    def put(self, name: str, value) -> None:
        self.of(name).put(name, value)

    def clear(self) -> None:
        self.large.clear()
        self.small.clear()


recent = RecentResults()


def cache_name(key: tuple, version: tuple) -> str:
    """A short key any backend accepts, whatever the parts hold (weights, names)."""
    digest = hashlib.sha256(repr((*key, version)).encode()).hexdigest()[:32]
    return f"{key[0]}:{digest}"


def cached(version: Version, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`'s result, from the cache when it holds one for `key` at `version`.

    A result is computed with the garbage collector paused (hiring/collection.py).
    """
    if version is None:
        with collector_paused():
            return compute()
    name = cache_name(key, version)
    found = recent.get(name)
    if found is not None:
        return found
    with collector_paused():
        value = _shared(name, compute)
    recent.put(name, value)
    return value


def _shared(name: str, compute: Callable[[], T]) -> T:
    store = caches[CACHE]
    try:
        found = store.get(name)
        claimed = found is None and _claim(store, name)
        if found is None and not claimed:
            found = _awaited(store, name)
    except Exception:  # any backend's connection error
        outage.failed()
        return compute()
    if found is not None:
        outage.answered()
        return found
    try:
        value = compute()
        _store(store, name, value)
    finally:
        if claimed:
            _release(store, name)
    return value


def _store(store, name: str, value) -> None:
    try:
        store.set(name, value)
    except Exception:
        outage.failed()
    else:
        outage.answered()


# After a write, every server process's next request misses the same result at
# once. The first claims it (an atomic add, shared through Redis) and computes it;
# the others wait for it instead of computing it too. A claim whose process died
# lapses after CLAIM_SECONDS, and a waiter computes it itself after as long.
CLAIM_SECONDS = 10
WAIT_STEP = 0.02


def claim_name(name: str) -> str:
    return f"computing:{name}"


def _claim(store, name: str) -> bool:
    """True unless another process is computing `name` (always true for a small result:
    computing one costs less than waiting for it)."""
    if name.split(":", 1)[0] not in LARGE:
        return True
    return store.add(claim_name(name), 1, CLAIM_SECONDS)


def _awaited(store, name: str):
    """The result another process is computing, once stored; None if it gave up."""
    deadline = time.monotonic() + CLAIM_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP)
        found = store.get(name)
        if found is not None or store.get(claim_name(name)) is None:
            return found if found is not None else store.get(name)
    return None


def _release(store, name: str) -> None:
    try:
        store.delete(claim_name(name))
    except Exception:  # it lapses by itself
        outage.failed()
