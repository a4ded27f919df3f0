"""The single-weight flip (docs/scoring.md §6) by hand and against a brute-force search."""

import random

import pytest

from candidates.scoring.sensitivity import smallest_flip, tie_moves

WEIGHTS = {"a": 60.0, "b": 40.0}
BEHIND = {"a": 3.0, "b": 4.0}  # 3.4
AHEAD = {"a": 5.0, "b": 2.0}  # 3.8


def test_textbook_case_by_hand():
    """Raising b by 20 points (40% -> 50%) or cutting a by 20 (60% -> 50%) ties them at 3.5."""
    assert tie_moves(BEHIND, AHEAD, WEIGHTS, "b") == pytest.approx([20.0])
    assert tie_moves(BEHIND, AHEAD, WEIGHTS, "a") == pytest.approx([-20.0])
    flip = smallest_flip(BEHIND, AHEAD, WEIGHTS)
    assert flip.dimension == "a"
    assert (flip.share, flip.flip_share) == pytest.approx((0.6, 0.5))


def test_no_single_weight_can_flip_a_candidate_behind_on_every_dimension():
    assert smallest_flip({"a": 2.0, "b": 2.0}, {"a": 4.0, "b": 3.0}, WEIGHTS) is None


def test_unscored_dimension_counts_only_for_the_candidate_scored_on_it():
    """Q has no score on c; raising c only moves P: (3.4*100 + 5w) / (100 + w) = 3.8 at w = 33.3."""
    weights = {**WEIGHTS, "c": 0.0}
    moves = tie_moves({**BEHIND, "c": 5.0}, AHEAD, weights, "c")
    assert moves == pytest.approx([40 / 1.2])


def scores(means: dict, weights: dict) -> float:
    scored = sum(weights[d] for d in means)
    return sum(weights[d] * m for d, m in means.items()) / scored


def brute_force_share(behind, ahead, weights, code, steps=20000):
    """The share of `code` nearest its current one at which `behind` stops trailing."""
    others = sum(w for d, w in weights.items() if d != code)
    current = weights[code] / sum(weights.values())
    best = None
    for step in range(steps):
        share = step / steps
        trial = {**weights, code: share * others / (1 - share)}
        if sum(trial[d] for d in behind) <= 0 or sum(trial[d] for d in ahead) <= 0:
            continue
        if scores(behind, trial) >= scores(ahead, trial) - 1e-12:
            if best is None or abs(share - current) < abs(best - current):
                best = share
    return best


@pytest.mark.parametrize("seed", range(12))
def test_closed_form_matches_a_brute_force_search(seed):
    rng = random.Random(seed)
    codes = list("abcde")
    weights = {code: float(rng.randint(1, 30)) for code in codes}
    behind = {code: float(rng.randint(1, 5)) for code in codes if rng.random() > 0.2}
    ahead = {code: float(rng.randint(1, 5)) for code in codes if rng.random() > 0.2}
    if not behind or not ahead or scores(behind, weights) >= scores(ahead, weights):
        behind, ahead = ahead, behind
    if not behind or not ahead or scores(behind, weights) >= scores(ahead, weights):
        pytest.skip("no strict order in this draw")
    flip = smallest_flip(behind, ahead, weights)
    searched = {code: brute_force_share(behind, ahead, weights, code) for code in codes}
    reachable = {code: share for code, share in searched.items() if share is not None}
    if flip is None:
        assert reachable == {}
        return
    best_code = min(reachable, key=lambda c: abs(reachable[c] - weights[c] / sum(weights.values())))
    assert flip.flip_share == pytest.approx(reachable[best_code], abs=1e-3)
