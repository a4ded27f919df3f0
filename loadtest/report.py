"""What a load run measured, and whether it met its goals. Pure functions, no I/O.

Times are seconds since the start of the run (time.monotonic differences).
The restart window runs from the moment the restart command was started to
the moment it returned (PostgreSQL accepting connections again). A request is
in phase "before" if it ended before the window, "after" if it started after
it, "during" otherwise (it overlapped the window).
"""

import math
from collections import Counter
from dataclasses import dataclass, field

BEFORE, DURING, AFTER = "before", "during", "after"
PHASES = (BEFORE, DURING, AFTER)
# Goals of issue 8.
MAX_RECOVERY_S = 5.0

Scores = dict[str, int | None]  # dimension code -> level, None for "not assessed"


@dataclass(frozen=True)
class Sample:
    """One HTTP request. `status` 0 means no response at all (refused, reset, timeout)."""

    kind: str  # "login", "entry" (GET the scorecard page), "submit", "shortlist"
    started: float
    ended: float
    status: int

    @property
    def seconds(self) -> float:
        return self.ended - self.started

    @property
    def failed(self) -> bool:
        return self.status == 0 or self.status >= 500


@dataclass(frozen=True)
class Window:
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


def phase(sample: Sample, window: Window | None) -> str:
    """Which phase of the run a request belongs to (see the module docstring)."""
    if window is None or sample.ended < window.start:
        return BEFORE
    if sample.started > window.end:
        return AFTER
    return DURING


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of `values`; nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def recovery_seconds(samples: list[Sample], window: Window | None) -> float:
    """From the start of the restart until users were served again; 0 without failures.

    "Served again" is the end of the first successful request that started
    after the last failed one ended, so the figure covers the restart, the
    failures and the wait until the app answered again (inf if it never did).
    """
    if window is None:
        return 0.0
    failed_ends = [s.ended for s in samples if s.failed and s.ended >= window.start]
    if not failed_ends:
        return 0.0
    last_failure = max(failed_ends)
    served = [s.ended for s in samples if not s.failed and s.started >= last_failure]
    return (min(served) if served else math.inf) - window.start


def lost_scorecards(acknowledged: dict[int, Scores], stored: dict[int, Scores]) -> list[int]:
    """Interviews whose scorecard the server acknowledged but the database lacks or holds otherwise.

    `acknowledged`: interview id -> the scores sent in a submit the server
    answered with a redirect. `stored`: interview id -> the scores of its
    submitted scorecard in the database, for every interview the run could use.
    """
    return sorted(pk for pk, sent in acknowledged.items() if stored.get(pk) != sent)


def unacknowledged_scorecards(
    acknowledged: dict[int, Scores], stored: dict[int, Scores]
) -> list[int]:
    """Interviews with a submitted scorecard the client never saw acknowledged.

    Not a loss: a submit whose commit succeeded but whose answer was lost on the
    way back. Reported so that "nothing half-saved" can be checked by eye.
    """
    return sorted(stored.keys() - acknowledged.keys())


@dataclass
class Summary:
    requests: int
    by_kind: Counter
    errors: dict[str, int]  # phase -> failed requests
    requests_by_phase: dict[str, int]
    p50_ms: float
    p95_ms: float
    latency_by_kind: dict[str, tuple[float, float]]  # kind -> (p50, p95) in ms
    restart_s: float | None
    recovery_s: float
    acknowledged: int
    lost: list[int] = field(default_factory=list)
    unacknowledged: list[int] = field(default_factory=list)

    @property
    def goals_met(self) -> bool:
        return (
            self.errors[BEFORE] == 0
            and self.errors[AFTER] == 0
            and self.recovery_s < MAX_RECOVERY_S
            and not self.lost
        )


def summarise(
    samples: list[Sample],
    window: Window | None,
    *,
    acknowledged: dict[int, Scores],
    stored: dict[int, Scores],
) -> Summary:
    phases = [phase(s, window) for s in samples]
    failed_phases = [q for s, q in zip(samples, phases, strict=True) if s.failed]
    latencies = [s.seconds * 1000 for s in samples if not s.failed]
    by_kind: dict[str, list[float]] = {}
    for s in samples:
        if not s.failed:
            by_kind.setdefault(s.kind, []).append(s.seconds * 1000)
    return Summary(
        requests=len(samples),
        by_kind=Counter(s.kind for s in samples),
        errors={p: failed_phases.count(p) for p in PHASES},
        requests_by_phase={p: phases.count(p) for p in PHASES},
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        latency_by_kind={k: (percentile(v, 50), percentile(v, 95)) for k, v in by_kind.items()},
        restart_s=window.seconds if window else None,
        recovery_s=recovery_seconds(samples, window),
        acknowledged=len(acknowledged),
        lost=lost_scorecards(acknowledged, stored),
        unacknowledged=unacknowledged_scorecards(acknowledged, stored),
    )


def format_summary(summary: Summary, *, seconds: float) -> str:
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.by_kind.items()))
    phases = ", ".join(f"{p} {summary.errors[p]}/{summary.requests_by_phase[p]}" for p in PHASES)
    restart = "not restarted" if summary.restart_s is None else f"{summary.restart_s:.2f} s"
    lines = [
        f"requests:        {summary.requests} in {seconds:.0f} s ({kinds})",
        f"errors by phase: {phases}  (failed/requests; 5xx or no response)",
        f"latency:         p50 {summary.p50_ms:.0f} ms, p95 {summary.p95_ms:.0f} ms (successful)",
        *(
            f"  {kind:<14} p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            for kind, (p50, p95) in sorted(summary.latency_by_kind.items())
        ),
        f"restart:         {restart}; recovery {summary.recovery_s:.2f} s "
        f"(restart start to the first success after the last failure)",
        f"scorecards:      {summary.acknowledged} acknowledged, {len(summary.lost)} lost"
        + (f" (interviews {summary.lost[:20]})" if summary.lost else "")
        + f"; {len(summary.unacknowledged)} stored without an acknowledgement",
        "goals:           "
        + ("met" if summary.goals_met else "NOT met")
        + f" (no failure before/after the restart, recovery < {MAX_RECOVERY_S:.0f} s, none lost)",
    ]
    return "\n".join(lines)
