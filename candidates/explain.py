"""Flags and reasons of a ranked application in words (both languages) and codes."""

from django.utils.translation import gettext as _

from candidates.scoring.ranking import (
    FLAG_DISAGREEMENT,
    FLAG_GATE_FAILED,
    REASON_COVERAGE,
    REASON_GATE_UNSCORED,
    REASON_SCORECARDS,
    Flag,
    Reason,
    RubricRules,
)
from candidates.scoring.sensitivity import Flip


def code_of(item: Flag | Reason) -> str:
    """Machine code for JSON: "coverage", "gate_unscored:crm", "disagreement:experience"."""
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
    return reason.kind


def summarize_flags(flags, names: dict[str, str], gates: dict[str, float]) -> list[str]:
    """One short line per kind of flag, naming its dimensions, for crowded tables."""
    disagreements = [
        names.get(f.dimension, f.dimension) for f in flags if f.kind == FLAG_DISAGREEMENT
    ]
    lines = [describe_flag(f, names, gates) for f in flags if f.kind != FLAG_DISAGREEMENT]
    if disagreements:
        lines.append(
            _("Raters disagree on %(dimensions)s") % {"dimensions": ", ".join(disagreements)}
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
