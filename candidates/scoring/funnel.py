"""The recruiting funnel's arithmetic: stages reached, stays, decisions, turnaround, load.

Pure Python and numpy over plain values: an application's history is its
creation time, its current stage and its stage changes in the order they
happened. Stage codes and the pipeline's order come from the caller, so this
module knows no model. Durations are in seconds unless a name says otherwise.

Percentiles use numpy's default (linear interpolation between the two nearest
ranks, Hyndman and Fan's type 7, as spreadsheets' PERCENTILE.INC): the median
of 1, 2, 3, 4 is 2.5 and the 90th percentile of 1..10 is 9.1.
"""

from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class Change:
    """One row of the stage history; `from_stage` "" when it was not recorded."""

    from_stage: str
    to_stage: str
    is_decision: bool
    at: datetime


@dataclass(frozen=True)
class History:
    """One application: created at `created_at`, now at `stage`, `changes` oldest first."""

    created_at: datetime
    stage: str
    changes: Sequence[Change] = ()


@dataclass(frozen=True)
class Summary:
    """Median and 90th percentile of `n` values; both None when n is 0."""

    n: int
    median: float | None
    p90: float | None

    def scaled(self, unit: float) -> "Summary":
        """The same figures divided by `unit` (e.g. SECONDS_PER_DAY for days)."""
        return Summary(
            self.n,
            None if self.median is None else self.median / unit,
            None if self.p90 is None else self.p90 / unit,
        )


@dataclass(frozen=True)
class Load:
    """An interviewer's interviews over the calendar weeks in which they had any."""

    interviews: int
    weeks: int
    busiest_week: int

    @property
    def per_week(self) -> float | None:
        return self.interviews / self.weeks if self.weeks else None


def median(values: Iterable[float]) -> float | None:
    """The median, None for no values (never a division by zero)."""
    return percentile(values, 50)


def percentile(values: Iterable[float], q: float) -> float | None:
    """The q-th percentile (0..100) by linear interpolation; None for no values."""
    array = np.asarray(list(values), dtype=float)
    if array.size == 0:
        return None
    return float(np.percentile(array, q))


def summarise(values: Iterable[float]) -> Summary:
    array = list(values)
    return Summary(len(array), median(array), percentile(array, 90))


def pass_through(reached: Sequence[int]) -> list[float | None]:
    """Per stage, the share of those who reached it that reached the next one.

    reached(next) / reached(this), as a fraction; None for a stage nobody
    reached and for the last stage, which has no next one.
    """
    rates: list[float | None] = []
    for here, after in zip(reached, [*reached[1:], None], strict=True):
        rates.append(None if after is None or here == 0 else after / here)
    return rates


def stages_held(history: History) -> list[str]:
    """The stages the application was in, in order: where it started, then each move's
    destination. A start that was not recorded (a blank `from_stage`) is left out."""
    first = history.changes[0].from_stage if history.changes else history.stage
    held = [first] if first else []
    held.extend(change.to_stage for change in history.changes)
    return held


def highest_reached(history: History, pipeline: Sequence[str]) -> int:
    """The index in `pipeline` of the furthest pipeline stage the application was ever in.

    An application created past the first stage, or moved over one, counts as
    having reached the stages before: the pipeline is an order, not a path.
    An application never in a pipeline stage (created as rejected) reached the
    first stage: it was received.
    """
    indexes = [pipeline.index(stage) for stage in stages_held(history) if stage in pipeline]
    return max(indexes, default=0)


def reached_counts(histories: Iterable[History], pipeline: Sequence[str]) -> list[int]:
    """Per pipeline stage, how many applications reached it (or a later one)."""
    highest = Counter(highest_reached(history, pipeline) for history in histories)
    counts, running = [], 0
    for index in reversed(range(len(pipeline))):
        running += highest[index]
        counts.append(running)
    return counts[::-1]


def closed_stays(history: History) -> list[tuple[str, float]]:
    """(stage, seconds) for each stay that ended: from entering a stage to the next move.

    The first stay starts at the application's creation; each move ends the
    stay before it. A decision that kept the stage is not a move. The stay the
    application is in now is still open and left out; so is a first stay whose
    stage was not recorded. A move recorded before the creation time (clocks of
    two writes in the same instant) counts as zero, not as a negative stay.
    """
    stays = []
    stage, since = (history.changes[0].from_stage if history.changes else ""), history.created_at
    for change in history.changes:
        if change.from_stage == change.to_stage:
            continue
        if stage:
            stays.append((stage, max(0.0, (change.at - since).total_seconds())))
        stage, since = change.to_stage, change.at
    return stays


def stays_by_stage(histories: Iterable[History]) -> dict[str, list[float]]:
    found: dict[str, list[float]] = defaultdict(list)
    for history in histories:
        for stage, seconds in closed_stays(history):
            found[stage].append(seconds)
    return dict(found)


def open_stays(histories: Iterable[History]) -> Counter:
    """How many applications are in each stage now (their stay there is still open)."""
    return Counter(history.stage for history in histories)


def seconds_to_decision(history: History) -> float | None:
    """From creation to the first recorded decision, in seconds; None when undecided."""
    for change in history.changes:
        if change.is_decision:
            return max(0.0, (change.at - history.created_at).total_seconds())
    return None


def left_from(history: History, pipeline: Sequence[str], exits: Collection[str]) -> str | None:
    """For an application now in an exit stage, the pipeline stage it left from; else None.

    The last pipeline stage in its history before it left (an application on
    hold and then rejected left from the stage before on hold). None of them
    recorded: the first pipeline stage, as the application was created there.
    """
    if history.stage not in exits:
        return None
    held = [stage for stage in stages_held(history) if stage in pipeline]
    return held[-1] if held else pipeline[0]


def drop_off(
    histories: Iterable[History], pipeline: Sequence[str], exits: Collection[str]
) -> dict[str, Counter]:
    """Per pipeline stage, a count per exit stage of the applications that left there."""
    found: dict[str, Counter] = {stage: Counter() for stage in pipeline}
    for history in histories:
        stage = left_from(history, pipeline, exits)
        if stage is not None:
            found[stage][history.stage] += 1
    return found


def weekly_load(weeks: Iterable[Hashable]) -> Load:
    """One interviewer's load from the week (any key, e.g. ISO year and week) of each interview.

    Interviews per week is the number of interviews over the number of weeks
    with at least one: a quiet week is not averaged in as zero.
    """
    per_week = Counter(weeks)
    return Load(
        interviews=sum(per_week.values()),
        weeks=len(per_week),
        busiest_week=max(per_week.values(), default=0),
    )


@dataclass(frozen=True)
class StageFigures:
    """Everything the funnel says about one pipeline stage."""

    stage: str
    reached: int
    pass_through: float | None  # to the next stage, a fraction
    share_of_applications: float | None  # reached / all applications, a fraction
    days_in_stage: Summary
    still_there: int
    left: dict[str, int] = field(default_factory=dict)  # exit stage -> applications


def stage_figures(
    histories: Sequence[History], pipeline: Sequence[str], exits: Sequence[str]
) -> list[StageFigures]:
    """Reached, pass-through, time in stage (days) and drop-off for each pipeline stage."""
    reached = reached_counts(histories, pipeline)
    rates = pass_through(reached)
    stays = stays_by_stage(histories)
    now = open_stays(histories)
    dropped = drop_off(histories, pipeline, exits)
    total = len(histories)
    return [
        StageFigures(
            stage=stage,
            reached=count,
            pass_through=rate,
            share_of_applications=count / total if total else None,
            days_in_stage=summarise(stays.get(stage, [])).scaled(SECONDS_PER_DAY),
            still_there=now[stage],
            left={exit_stage: dropped[stage][exit_stage] for exit_stage in exits},
        )
        for stage, count, rate in zip(pipeline, reached, rates, strict=True)
    ]
