"""The shortlist in words: display rows, flags and reasons, flip sentences, confidence.

Everything here turns figures the selectors computed into what a page, an
export or the command line shows, in the active language; no queries.
"""

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from candidates.scoring.calibration import (
    FEW_CANDIDATES,
    FEW_RATINGS,
    LOW_SD,
    MIN_CANDIDATES,
    MIN_RATINGS,
    MIN_SD,
    NOT_LINKED,
    Calibration,
)
from candidates.scoring.ranking import (
    FLAG_DISAGREEMENT,
    FLAG_GATE_FAILED,
    REASON_COVERAGE,
    REASON_GATE_UNSCORED,
    REASON_ROUND_UNSCORED,
    REASON_SCORECARDS,
    Flag,
    RankedApplication,
    Reason,
    RubricRules,
)
from candidates.scoring.sensitivity import Flip, smallest_flip
from candidates.selectors.confidence import ConfidenceReport
from candidates.selectors.shortlist import Entry, Shortlist, rubric_rules
from hiring.wording import join_list


def code_of(item: Flag | Reason) -> str:
    """Machine code for JSON: "coverage", "gate_unscored:crm", "disagreement:experience",
    "round_unscored:Final interview"."""
    if isinstance(item, Reason) and item.round is not None:
        return f"{item.kind}:{item.round}"
    return f"{item.kind}:{item.dimension}" if item.dimension else item.kind


def describe_flag(flag: Flag, names: dict[str, str], gates: dict[str, float]) -> str:
    name = names.get(flag.dimension, flag.dimension)
    if flag.kind == FLAG_GATE_FAILED:
        return _("Below the gate on %(dimension)s (needs %(gate)s)") % {
            "dimension": name,
            "gate": f"{gates[flag.dimension]:g}",
        }
    if flag.kind == FLAG_DISAGREEMENT:
        return _("Raters disagree on %(dimension)s") % {"dimension": name}
    return flag.kind


def describe_reason(reason: Reason, names: dict[str, str], rules: RubricRules) -> str:
    if reason.kind == REASON_COVERAGE:
        return _("Less than %(share)s%% of the weight scored") % {
            "share": f"{rules.min_coverage * 100:g}"
        }
    if reason.kind == REASON_SCORECARDS:
        return _("Fewer than %(count)s submitted scorecards") % {"count": rules.min_scorecards}
    if reason.kind == REASON_GATE_UNSCORED:
        return _("Gated dimension %(dimension)s not scored") % {
            "dimension": names.get(reason.dimension, reason.dimension)
        }
    if reason.kind == REASON_ROUND_UNSCORED:
        return rounds_not_scored([reason.round])
    return reason.kind


def rounds_not_scored(rounds: list[str]) -> str:
    """ "Written test, Final interview not yet scored": the plan rounds still to come."""
    separator = pgettext("between the names of a list", ", ")
    return _("%(rounds)s not yet scored") % {"rounds": separator.join(rounds)}


def describe_reasons(reasons, names: dict[str, str], rules: RubricRules) -> list[str]:
    """Each reason in words, the missing plan rounds together in one line, in plan order."""
    lines = [describe_reason(r, names, rules) for r in reasons if r.kind != REASON_ROUND_UNSCORED]
    rounds = [r.round for r in reasons if r.kind == REASON_ROUND_UNSCORED]
    if rounds:
        lines.append(rounds_not_scored(rounds))
    return lines


def summarize_flags(flags, names: dict[str, str], gates: dict[str, float]) -> list[str]:
    """One short line per kind of flag, naming its dimensions, for crowded tables."""
    disagreements = [
        names.get(f.dimension, f.dimension) for f in flags if f.kind == FLAG_DISAGREEMENT
    ]
    lines = [describe_flag(f, names, gates) for f in flags if f.kind != FLAG_DISAGREEMENT]
    if disagreements:
        lines.append(
            _("Raters disagree on %(dimensions)s") % {"dimensions": join_list(disagreements)}
        )
    return lines


def describe_flip(behind: str, ahead: str, flip: Flip | None, names: dict[str, str]) -> str:
    """Why the order holds: the one weight change that would swap two neighbours."""
    if flip is None:
        return _("No change of a single weight would put %(behind)s ahead of %(ahead)s.") % {
            "behind": behind,
            "ahead": ahead,
        }
    return _(
        "%(behind)s would overtake %(ahead)s if %(dimension)s went from %(old)s%% to %(new)s%%."
    ) % {
        "behind": behind,
        "ahead": ahead,
        "dimension": names.get(flip.dimension, flip.dimension),
        **percent_pair(flip.share * 100, flip.flip_share * 100),
    }


def percent_pair(old: float, new: float) -> dict[str, str]:
    """Whole percentages, with as many decimals as it takes for the two to differ (up to 2)."""
    for places in range(3):
        shown = f"{old:.{places}f}", f"{new:.{places}f}"
        if shown[0] != shown[1]:
            break
    return {"old": shown[0], "new": shown[1]}


class Cell(NamedTuple):
    """One dimension's mean on a shortlist line."""

    code: str
    name: str  # the dimension's, as the column head says it (phone cards repeat it)
    mean: float | None
    level: int | None  # the shade, 1-5; None when unscored


@dataclass(frozen=True)
class DisplayRow:
    """One shortlist line as the page shows it."""

    row: RankedApplication
    application: Entry
    cells: list[Cell]  # in rubric order
    flags: list[str]
    reasons: list[str]
    why: str = ""  # what lifts a ranked candidate most above the opening's average


def describe_ahead(ahead: list[tuple[str, float]], names: dict[str, str]) -> str:
    """ "Ahead mostly on Customer orientation (+0.6) and Experience (+0.4)." in words."""
    parts = [{"name": names[code], "above": f"{above:+.1f}"} for code, above in ahead]
    if not parts:
        return _("Not above the opening's average on any weighted dimension.")
    if len(parts) == 1:
        return _("Ahead mostly on %(name)s (%(above)s).") % parts[0]
    return _("Ahead mostly on %(first)s (%(a)s) and %(second)s (%(b)s).") % {
        "first": parts[0]["name"],
        "a": parts[0]["above"],
        "second": parts[1]["name"],
        "b": parts[1]["above"],
    }


def display_rows(shortlist: Shortlist, pairs) -> list[DisplayRow]:
    names = {d.code: d.name for d in shortlist.dimensions}
    rules = rubric_rules(shortlist.opening.rubric, shortlist.dimensions)
    lines = []
    for row, application in pairs:
        cells = []
        for dimension in shortlist.dimensions:
            stat = row.dimensions.get(dimension.code)
            mean = None if stat is None else stat.mean
            level = None if mean is None else round(mean)
            cells.append(Cell(dimension.code, names[dimension.code], mean, level))
        lines.append(
            DisplayRow(
                row=row,
                application=application,
                cells=cells,
                flags=summarize_flags(row.flags, names, rules.gates),
                reasons=describe_reasons(row.reasons, names, rules),
                why=describe_ahead(shortlist.ahead_on(row), names) if row.eligible else "",
            )
        )
    return lines


def flip_sentences(shortlist: Shortlist, pairs) -> list[str]:
    """For each shown ranked row, what single weight change would lift it one place.

    Only the rows on screen are worked out, so the page stays as fast at
    ten thousand applications as at ten.
    """
    ranked = shortlist.ranking.ranked
    position = ranked.positions
    names = {d.code: d.name for d in shortlist.dimensions}
    sentences = []
    for row, application in pairs:
        i = position.get(row.key)
        if not i or ranked[i - 1].rank == row.rank:
            continue
        ahead = ranked[i - 1]
        flip = smallest_flip(
            {code: stat.mean for code, stat in row.dimensions.items()},
            {code: stat.mean for code, stat in ahead.dimensions.items()},
            shortlist.weights,
        )
        ahead_name = shortlist.applications[ahead.key].candidate.name
        sentences.append(describe_flip(application.candidate.name, ahead_name, flip, names))
    return sentences


@dataclass(frozen=True)
class ConfidenceCell:
    """A ranked row's confidence figures as the page shows them, on 0-100."""

    se: float | None
    low: float | None  # the 90% interval, kept inside the scale
    high: float | None
    p_top_k: float
    apart_from_next: bool


def cells_on_100(report: ConfidenceReport, keys, scale_min: float, scale_max: float) -> dict:
    """The figures of the ranked `keys` (the rows on screen), moved from scale points to 0-100."""
    span = scale_max - scale_min

    def point(value: float | None) -> float | None:
        if value is None:
            return None
        return min(max((value - scale_min) / span * 100, 0.0), 100.0)

    return {
        key: ConfidenceCell(
            se=None if row.se is None else row.se / span * 100,
            low=point(row.low),
            high=point(row.high),
            p_top_k=row.p_top_k,
            apart_from_next=row.apart_from_next,
        )
        for key in keys
        if (row := report.rows.get(key)) is not None
    }


@dataclass(frozen=True)
class ConfidenceSummary:
    """What a manager reads above the table, in the groups P(top k) draws.

    Clearly in: in the top k in at least 95% of the simulations; borderline:
    between 5% and 95%; everyone else ranked is clearly out.
    """

    clearly_in: list[str]  # names, best first
    borderline: list[str]
    clearly_out: int  # how many ranked candidates are clearly out
    indistinct: list[tuple[str, str]]  # neighbours near the top that cannot be told apart


def summarize(shortlist: Shortlist, report: ConfidenceReport) -> ConfidenceSummary:
    """Names for the summary; pairs are looked for in the top 2k ranks, where decisions are."""
    ranked = shortlist.ranking.ranked
    keys = ranked.keys
    clearly, borderline = report.clearly_in, report.borderline

    def name(key: int) -> str:
        return shortlist.applications[key].candidate.name

    near_top = bisect_right(ranked.rank_list, 2 * report.k)  # ranks rise down the list
    pairs = report.indistinct_pairs(keys[: near_top + 1])
    return ConfidenceSummary(
        clearly_in=[name(key) for key in clearly],
        borderline=[name(key) for key in borderline],
        clearly_out=len(keys) - len(clearly) - len(borderline),
        indistinct=[(name(a), name(b)) for a, b in pairs],
    )


ROWS_PER_PAGE = 25


def unsafe_reasons() -> dict[str, str]:
    """Why an interviewer's leniency is not corrected (docs/scoring.md §3), in words."""
    return {
        FEW_RATINGS: _("fewer than %(n)d ratings") % {"n": MIN_RATINGS},
        FEW_CANDIDATES: _("fewer than %(n)d candidates") % {"n": MIN_CANDIDATES},
        NOT_LINKED: _("shares no candidate with the other interviewers"),
        LOW_SD: _("scores spread less than %(sd)s points (SD)") % {"sd": MIN_SD},
    }


def calibration_rows(calibration: Calibration, names: dict[int, str]) -> list[tuple]:
    """(name, effect, reasons in words) per interviewer, by name, for the calibration page.

    `effect.conduct` holds the focus adherence and the "no decision" count.
    """
    reasons = unsafe_reasons()
    return sorted(
        (
            (names.get(rater, "?"), effect, [reasons[r] for r in effect.reasons])
            for rater, effect in calibration.raters.items()
        ),
        key=lambda row: row[0],
    )
