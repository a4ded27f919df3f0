"""What a load run measured, and whether it met its goals. Pure functions, no I/O.

Times are seconds since the start of the run (time.monotonic differences).
A restart window runs from the moment a restart command was started (of
PostgreSQL, of Redis) until the command had returned and the restarted
service accepted connections again. A request belongs to the window it
overlaps, and is "outside" if it overlaps none.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

OUTSIDE = "outside"
# Goals of issue 8 (no loss, recovery) and of the speed issue (the shortlist).
MAX_RECOVERY_S = 5.0
MAX_SHORTLIST_P95_MS = 500.0

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
    name: str  # what was restarted: "PostgreSQL", "Redis"
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


def phase(sample: Sample, windows: list[Window]) -> str:
    """The name of the restart window the request overlaps, else OUTSIDE."""
    for window in windows:
        if sample.ended >= window.start and sample.started <= window.end:
            return window.name
    return OUTSIDE


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of `values`; nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def recovery_seconds(samples: list[Sample], window: Window, until: float = math.inf) -> float:
    """From the start of the restart until users were served again; 0 without failures.

    "Served again" is the end of the first successful request that started
    after the last failed one ended, so the figure covers the restart, the
    failures and the wait until the app answered again (inf if it never did).
    Only failures that ended from the window's start until `until` (the next
    restart's start) count: each restart answers for its own.
    """
    failed_ends = [s.ended for s in samples if s.failed and window.start <= s.ended < until]
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


@dataclass(frozen=True)
class Restart:
    """One restart as the report gives it: when, how long, how long until users were served."""

    name: str
    at: float
    seconds: float
    recovery_s: float


@dataclass
class Summary:
    requests: int
    by_kind: Counter
    errors: dict[str, int]  # phase -> failed requests
    requests_by_phase: dict[str, int]
    p50_ms: float
    p95_ms: float
    latency_by_kind: dict[str, tuple[float, float]]  # kind -> (p50, p95) in ms
    shortlist_outside: int  # successful shortlist requests outside the restart windows
    shortlist_p95_ms: float  # their p95
    restarts: list[Restart]
    acknowledged: int
    lost: list[int] = field(default_factory=list)
    unacknowledged: list[int] = field(default_factory=list)

    @property
    def goals_met(self) -> bool:
        return (
            self.errors[OUTSIDE] == 0
            and all(r.recovery_s < MAX_RECOVERY_S for r in self.restarts)
            and self.shortlist_p95_ms <= MAX_SHORTLIST_P95_MS  # nan (none served) fails
            and not self.lost
        )


def summarise(
    samples: list[Sample],
    windows: list[Window],
    *,
    acknowledged: dict[int, Scores],
    stored: dict[int, Scores],
) -> Summary:
    windows = sorted(windows, key=lambda w: w.start)
    phases = [phase(s, windows) for s in samples]
    names = [OUTSIDE, *(w.name for w in windows)]
    failed_phases = [q for s, q in zip(samples, phases, strict=True) if s.failed]
    latencies = [s.seconds * 1000 for s in samples if not s.failed]
    by_kind: dict[str, list[float]] = {}
    for s in samples:
        if not s.failed:
            by_kind.setdefault(s.kind, []).append(s.seconds * 1000)
    shortlist = [
        s.seconds * 1000
        for s, q in zip(samples, phases, strict=True)
        if s.kind == "shortlist" and not s.failed and q == OUTSIDE
    ]
    next_starts = [*(w.start for w in windows[1:]), math.inf]  # each restart's `until`
    return Summary(
        requests=len(samples),
        by_kind=Counter(s.kind for s in samples),
        errors={p: failed_phases.count(p) for p in names},
        requests_by_phase={p: phases.count(p) for p in names},
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        latency_by_kind={k: (percentile(v, 50), percentile(v, 95)) for k, v in by_kind.items()},
        shortlist_outside=len(shortlist),
        shortlist_p95_ms=percentile(shortlist, 95),
        restarts=[
            Restart(w.name, w.start, w.seconds, recovery_seconds(samples, w, until))
            for w, until in zip(windows, next_starts, strict=False)
        ],
        acknowledged=len(acknowledged),
        lost=lost_scorecards(acknowledged, stored),
        unacknowledged=unacknowledged_scorecards(acknowledged, stored),
    )


def format_summary(summary: Summary, *, seconds: float) -> str:
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(summary.by_kind.items()))
    phases = ", ".join(
        f"{'outside the restarts' if p == OUTSIDE else 'during ' + p} "
        f"{summary.errors[p]}/{summary.requests_by_phase[p]}"
        for p in summary.errors
    )
    restarts = [
        f"restart:         {r.name} at {r.at:.1f} s took {r.seconds:.2f} s; "
        f"recovery {r.recovery_s:.2f} s"
        for r in summary.restarts
    ]
    if restarts:
        restarts.append(
            "                 (recovery: restart start to the first success after the last failure)"
        )
    else:
        restarts = ["restart:         none"]
    lines = [
        f"requests:        {summary.requests} in {seconds:.0f} s ({kinds})",
        f"errors:          {phases}  (failed/requests; 5xx or no response)",
        f"latency:         p50 {summary.p50_ms:.0f} ms, p95 {summary.p95_ms:.0f} ms (successful)",
        *(
            f"  {kind:<14} p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            for kind, (p50, p95) in sorted(summary.latency_by_kind.items())
        ),
        f"shortlist:       p95 {summary.shortlist_p95_ms:.0f} ms outside the restarts "
        f"({summary.shortlist_outside} successful; goal {MAX_SHORTLIST_P95_MS:.0f} ms)",
        *restarts,
        f"scorecards:      {summary.acknowledged} acknowledged, {len(summary.lost)} lost"
        + (f" (interviews {summary.lost[:20]})" if summary.lost else "")
        + f"; {len(summary.unacknowledged)} stored without an acknowledgement",
        "goals:           "
        + ("met" if summary.goals_met else "NOT met")
        + f" (no failure outside the restarts, recovery < {MAX_RECOVERY_S:.0f} s after each, "
        + f"shortlist p95 <= {MAX_SHORTLIST_P95_MS:.0f} ms outside them, none lost)",
    ]
    return "\n".join(lines)
