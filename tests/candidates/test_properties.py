"""Property tests (hypothesis): the ranking arithmetic and the CSV import.

Example counts are modest so the suite stays fast; a failure prints the
smallest input hypothesis found.
"""

import string

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
)
from candidates.scoring.ranking import (
    ApplicationScores,
    DimensionStat,
    RubricRules,
    rank_applications,
    score_application,
)
from candidates.services.importing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportRejected,
    import_scorecards,
)
from tests.factories import DEFAULT_CODES

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


# The CSV import ------------------------------------------------------------------------

MODELS = (Opening, Candidate, Application, Interviewer, Interview, Scorecard, Score)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def import_or_reject(data: bytes | str) -> None:
    """Import `data` in a savepoint rolled back afterwards, checking the all-or-nothing promise."""
    with transaction.atomic():
        before = counts()
        try:
            import_scorecards(data, entered_by=None)
            event("imported")
        except ImportRejected as rejection:
            event("rejected")
            assert rejection.errors, "a rejection names at least one problem"
            assert all(error.message.startswith("line ") for error in rejection.errors)
            assert counts() == before, "a rejected file wrote something"
        transaction.set_rollback(True)


# Cells that are valid, nearly valid or hostile, so whole files get through sometimes.
cells = {
    "opening": st.sampled_from(["Sales", "销售", "", " Sales ", "S" * 201]),
    "candidate": st.sampled_from(["Ann", "张伟", "", "Ann\x00", "A" * 201]),
    "email": st.sampled_from(["", "ann@example.com", "ANN@example.com", "bo@example.com", "x@"]),
    "interviewer": st.sampled_from(["Bo", "李娜", "", "Bo, Jr"]),
    "round": st.sampled_from(["First", "Final", "", "R" * 101]),
    "dimension": st.sampled_from([*DEFAULT_CODES[:3], "EXPERIENCE", "ethic", ""]),
    "score": st.one_of(
        st.sampled_from(["", "1", "5", "3.0", "0", "6", "-1", "4.5", "three", "+2", "3."]),
        st.integers(min_value=-(10**400), max_value=10**400).map(str),
    ),
    "evidence": st.one_of(st.text(max_size=30), st.just("e" * 4001)),
    "recommendation": st.sampled_from(["", "yes", "Strong yes", "strong-no", "maybe"]),
}


@st.composite
def csv_files(draw) -> str:
    # Usually every required column (so rows get checked), in any order.
    required = draw(st.lists(st.sampled_from(REQUIRED_COLUMNS), unique=True, min_size=5))
    optional = draw(st.lists(st.sampled_from(["email", "evidence", "recommendation"]), unique=True))
    columns = draw(st.permutations([*required, *optional]))
    rows = draw(st.lists(st.tuples(*(cells[c] for c in columns)), min_size=0, max_size=6))
    lines = [",".join(columns)]
    for values in rows:
        lines.append(",".join('"' + value.replace('"', '""') + '"' for value in values))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


SLOW_DB = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@SLOW_DB
@given(csv_files())
def test_any_csv_is_imported_whole_or_rejected_whole(default_rubric, text):
    import_or_reject(text.encode())


@pytest.mark.django_db
@SLOW_DB
@given(st.binary(max_size=300))
def test_any_bytes_are_imported_or_rejected(default_rubric, data):
    import_or_reject(data)


@pytest.mark.django_db
@SLOW_DB
@given(st.text(alphabet=string.printable + ',"\x00\r\n\ufeff张', max_size=300))
def test_any_text_is_imported_or_rejected(default_rubric, text):
    import_or_reject(text)


@pytest.mark.django_db
def test_a_huge_score_is_outside_the_scale_not_a_crash(default_rubric):
    digits = "1" + "0" * 400
    header = ",".join(COLUMNS)
    row = f"Sales,Ann,,Bo,First,experience,{digits},,"
    with pytest.raises(ImportRejected) as rejection:
        import_scorecards(f"{header}\n{row}\n", entered_by=None)
    assert "is outside the scale" in rejection.value.errors[0].message
