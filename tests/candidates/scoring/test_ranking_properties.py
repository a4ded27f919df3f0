"""Property tests (hypothesis) of the ranking arithmetic: order, coverage, ties.

Example counts are modest so the suite stays fast; a failure prints the
smallest input hypothesis found.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from candidates.scoring.ranking import (
    ApplicationScores,
    DimensionStat,
    RubricRules,
    rank_applications,
    score_application,
)

CODES = ("a", "b", "c", "d")
RULES = RubricRules(scale_min=1, scale_max=5, min_coverage=0.6, min_scorecards=2)

# Ranking ------------------------------------------------------------------------------

levels = st.integers(min_value=1, max_value=5)
raw_scores = st.dictionaries(st.sampled_from(CODES), st.lists(levels, min_size=1, max_size=4))
weights_strategy = st.fixed_dictionaries(
    {code: st.integers(min_value=1, max_value=100) for code in CODES}
)


def stat(values: list[int]) -> DimensionStat:
    return DimensionStat(
        mean=sum(values) / len(values), n=len(values), spread=max(values) - min(values)
    )


def application(key: int, raw: dict[str, list[int]], *, label: str, scorecards: int = 3):
    stats = {code: stat(values) for code, values in raw.items()}
    return ApplicationScores(key=key, label=label, scorecards=scorecards, dimensions=stats)


@st.composite
def openings(draw):
    """Applications with distinct ids; names drawn from a small set so that some repeat."""
    raws = draw(st.lists(raw_scores, min_size=1, max_size=12))
    names = st.sampled_from(["Ann", "Bo", "Chen", "Dana"])
    cards = st.integers(min_value=0, max_value=4)
    return [
        application(key, raw, label=draw(names), scorecards=draw(cards))
        for key, raw in enumerate(raws)
    ]


def outcome(ranking) -> tuple:
    return (
        [(row.key, row.rank) for row in ranking.ranked],
        [row.key for row in ranking.needs_more_evidence],
    )


@settings(max_examples=60, deadline=None)
@given(openings(), weights_strategy, st.randoms(use_true_random=False))
def test_order_does_not_depend_on_input_order(applications, weights, rng):
    shuffled = list(applications)
    rng.shuffle(shuffled)
    assert outcome(rank_applications(shuffled, weights=weights, rules=RULES)) == outcome(
        rank_applications(applications, weights=weights, rules=RULES)
    )


@settings(max_examples=60, deadline=None)
@given(raw_scores, weights_strategy, st.sampled_from(CODES), levels)
def test_adding_a_score_inside_the_scale_never_lowers_coverage(raw, weights, code, level):
    before = score_application(application(1, raw, label="Ann"), weights=weights, rules=RULES)
    more = {**raw, code: [*raw.get(code, []), level]}
    after = score_application(application(1, more, label="Ann"), weights=weights, rules=RULES)
    assert after.coverage >= before.coverage - 1e-12
    assert after.score is not None
    assert RULES.scale_min - 1e-9 <= after.score <= RULES.scale_max + 1e-9
    low, high = after.bracket
    assert low - 1e-9 <= after.score <= high + 1e-9


@settings(max_examples=60, deadline=None)
@given(raw_scores, openings(), weights_strategy, st.randoms(use_true_random=False))
def test_equal_scores_tie_whoever_comes_first(raw, others, weights, rng):
    # Two applications with the same scores but different names and ids, among others.
    twins = [
        application(100, raw, label="Twin one", scorecards=3),
        application(101, raw, label="Twin two", scorecards=3),
    ]
    everyone = [*others, *twins]
    rng.shuffle(everyone)
    ranking = rank_applications(everyone, weights=weights, rules=RULES)
    ranks = {row.key: row.rank for row in ranking.ranked}
    scores = {row.key: row.score for row in [*ranking.ranked, *ranking.needs_more_evidence]}
    assert scores[100] == scores[101]
    assert ranks.get(100) == ranks.get(101)
    # Swapping the names swaps only their order on the page, never their rank.
    swapped = [
        application(100, raw, label="Twin two", scorecards=3),
        application(101, raw, label="Twin one", scorecards=3),
    ]
    again = rank_applications([*others, *swapped], weights=weights, rules=RULES)
    assert {row.key: row.rank for row in again.ranked} == ranks
