"""Interleaved timing: each measured step, then the bare SQL, in turn, in one process.

Timing the page in one block and the SQL in another lets the machine's
load drift between them (a shared 2-core machine gave ratios from 3.1 to
5.4 that way); alternating A, B, A, B exposes both to the same moments.
"""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Clock = Callable[[], float]  # seconds, as time.perf_counter


@dataclass(frozen=True)
class Spread:
    """Median, fastest and slowest of some timings, in milliseconds."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> "Spread":
        return cls(statistics.median(samples), min(samples), max(samples))


@dataclass(frozen=True)
class Step:
    """One thing to time: `prepare` runs untimed just before `action` (a write, a warm-up)."""

    name: str
    action: Callable[[], object]
    prepare: Callable[[], object] | None = None


def elapsed_ms(action: Callable[[], object], clock: Clock) -> float:
    started = clock()
    action()
    return (clock() - started) * 1000


def interleave(
    steps: Sequence[Step],
    baseline: Callable[[], object],
    *,
    runs: int,
    clock: Clock = time.perf_counter,
) -> tuple[dict[str, list[float]], list[float]]:
    """Time every step `runs` times, the `baseline` after each: (ms per step, baseline ms)."""
    timings: dict[str, list[float]] = {step.name: [] for step in steps}
    base: list[float] = []
    for _ in range(runs):
        for step in steps:
            if step.prepare is not None:
                step.prepare()
            timings[step.name].append(elapsed_ms(step.action, clock))
            base.append(elapsed_ms(baseline, clock))
    return timings, base
