"""Score lines (candidates.models.ScoreLine) stay what the scores say, whatever writes them.

The database's triggers write them; these tests write scores every way the
project does (the service, the import, bulk and queryset writes, the move to
another rubric, deletions) and compare each line with the score rows, on
whichever engine the suite runs (CI runs both).
"""

import io
from functools import partial

import numpy as np
import pytest
from django.db.models import Max, Q
from django.utils import timezone

from candidates.models import Application, Interview, Score, Scorecard, ScoreLine
from candidates.scoring.matrix import from_score_lines
from candidates.selectors import matrix as matrix_selectors
from candidates.selectors.matrix import (
    LINES_AT_ONCE,
    fetch_rows,
    opening_lines,
    scorecard_matrix,
)
from candidates.services.importing import import_scorecards
from candidates.services.openings import move_opening_to_rubric
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from rubrics.models import Rubric
from rubrics.services import create_version
from tests.concurrency import on_postgresql, run_together
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db


def expected_lines() -> dict[int, set[tuple[int, int]]]:
    """Per scorecard, its (dimension id, score) pairs read from the score rows."""
    expected: dict[int, set[tuple[int, int]]] = {
        pk: set() for pk in Scorecard.objects.values_list("pk", flat=True)
    }
    for card, dimension, value in Score.objects.filter(value__isnull=False).values_list(
        "scorecard_id", "dimension_id", "value"
    ):
        expected[card].add((dimension, value))
    return expected


def stored_lines() -> dict[int, set[tuple[int, int]]]:
    stored = {}
    for card, pairs in ScoreLine.objects.values_list("scorecard_id", "pairs"):
        numbers = [int(n) for n in pairs.split(",")] if pairs else []
        stored[card] = set(zip(numbers[0::2], numbers[1::2], strict=True))
    return stored


def expected_heads() -> set[tuple]:
    """Per scorecard: opening, application, interviewer, submitted, read through the joins."""
    return {
        (pk, opening, application, interviewer, submitted is not None)
        for pk, opening, application, interviewer, submitted in Scorecard.objects.values_list(
            "pk",
            "interview__application__opening_id",
            "interview__application_id",
            "interview__interviewer_id",
            "submitted_at",
        )
    }


def assert_lines_match_scores() -> None:
    """Every scorecard has a line, no line outlives its scorecard, and each says whose
    scorecard it is, whether it is submitted and its scores, as the tables do."""
    assert stored_lines() == expected_lines()
    heads = ScoreLine.objects.values_list(
        "scorecard_id", "opening_id", "application_id", "interviewer_id", "submitted"
    )
    assert set(heads) == expected_heads()


def card(level: int | None, codes=DEFAULT_CODES) -> ScorecardEntry:
    return ScorecardEntry(
        scores={code: ScoreEntry(level, "Said why.") for code in codes}, recommendation="yes"
    )


@pytest.fixture
def opening(db):
    opening = OpeningFactory(title="AM Hangzhou")
    for name, level in [("Ana", 4), ("Bo", 3)]:
        application = ApplicationFactory(opening=opening, candidate__name=name)
        for _ in range(2):
            submitted_scorecard(
                InterviewFactory(application=application), dict.fromkeys(DEFAULT_CODES, level)
            )
    return opening


def test_scorecards_made_by_the_factories_have_their_lines(opening):
    assert len(stored_lines()) == 4
    assert_lines_match_scores()


def test_the_scorecard_service_writes_changes_and_clears_scores(opening, hr):
    interview = InterviewFactory(application=Application.objects.get(candidate__name="Ana"))
    save_scorecard(interview=interview, entry=card(5), by=hr, expected_version=0, submit=False)
    assert_lines_match_scores()
    scorecard = Scorecard.objects.get(interview=interview)
    # One dimension changed, one "not assessed", one left out (its score deleted).
    entry = card(5, DEFAULT_CODES[2:])
    entry.scores[DEFAULT_CODES[2]] = ScoreEntry(2, "Changed.")
    entry.scores[DEFAULT_CODES[3]] = ScoreEntry(None, "")
    save_scorecard(
        interview=interview, entry=entry, by=hr, expected_version=scorecard.version, submit=False
    )
    assert_lines_match_scores()
    line = stored_lines()[scorecard.pk]
    assert len(line) == len(DEFAULT_CODES) - 3
    assert (scorecard.scores.get(dimension__code=DEFAULT_CODES[2]).dimension_id, 2) in line


def test_an_import_writes_the_lines_of_its_scorecards(opening):
    ana = Application.objects.get(candidate__name="Ana").candidate
    header = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation\n"
    rows = "".join(
        f"AM Hangzhou,Ana,{ana.email},Lin,Final,{code},5,Said why.,yes\n" for code in DEFAULT_CODES
    )
    import_scorecards(io.StringIO(header + rows), entered_by=None)
    assert len(stored_lines()) == 5
    assert_lines_match_scores()


def test_bulk_and_queryset_writes_are_caught_too(opening):
    scores = Score.objects.filter(scorecard__interview__application__candidate__name="Bo")
    scores.filter(dimension__code=DEFAULT_CODES[0]).update(value=5)
    assert_lines_match_scores()
    scores.filter(dimension__code=DEFAULT_CODES[1]).update(value=None)
    assert_lines_match_scores()
    scores.filter(dimension__code=DEFAULT_CODES[2]).delete()
    assert_lines_match_scores()
    gone = scores.filter(dimension__code=DEFAULT_CODES[3])
    kept = [Score(scorecard_id=s.scorecard_id, dimension_id=s.dimension_id, value=1) for s in gone]
    gone.delete()
    Score.objects.bulk_create(kept)
    assert_lines_match_scores()


def test_an_evidence_only_edit_leaves_the_lines_as_they_are(opening):
    before = stored_lines()
    Score.objects.update(evidence="")
    assert stored_lines() == before


def test_a_move_to_another_rubric_renames_the_dimensions_in_the_lines(opening, hr, default_rubric):
    version = create_version(rubric=default_rubric, by=None, reason="Clearer anchors")
    move_opening_to_rubric(opening=opening, rubric=Rubric.objects.get(pk=version.pk), by=hr)
    assert_lines_match_scores()
    new_ids = set(version.dimensions.values_list("pk", flat=True))
    assert {dimension for line in stored_lines().values() for dimension, _ in line} == new_ids


def test_submitting_withdrawing_and_moving_rewrite_the_line(opening, hr):
    interview = InterviewFactory(application=Application.objects.get(candidate__name="Ana"))
    save_scorecard(interview=interview, entry=card(5), by=hr, expected_version=0, submit=False)
    assert_lines_match_scores()
    Scorecard.objects.filter(interview=interview).update(submitted_at=timezone.now())
    assert_lines_match_scores()
    Scorecard.objects.filter(interview=interview).update(submitted_at=None)
    assert_lines_match_scores()
    other = InterviewFactory()  # another interviewer, on another opening
    Interview.objects.filter(pk=interview.pk).update(interviewer=other.interviewer)
    assert_lines_match_scores()
    Interview.objects.filter(pk=interview.pk).update(application=other.application)
    assert_lines_match_scores()
    Application.objects.filter(pk=other.application_id).update(opening=opening)
    assert_lines_match_scores()
    assert ScoreLine.objects.get(scorecard__interview=interview).opening_id == opening.pk


def test_deleting_scorecards_applications_or_openings_takes_their_lines(opening):
    Scorecard.objects.filter(interview__application__candidate__name="Ana").first().delete()
    assert_lines_match_scores()
    Application.objects.get(candidate__name="Bo").delete()
    assert_lines_match_scores()
    assert len(stored_lines()) == 1
    opening.delete()
    assert stored_lines() == {}


def pivoted(scope: Q, dimensions) -> np.ndarray:
    """The matrix's values the long way: every score row pivoted per scorecard."""
    per_dimension = {
        f"d{d.pk}": Max("scores__value", filter=Q(scores__dimension_id=d.pk)) for d in dimensions
    }
    rows = fetch_rows(
        Scorecard.objects.filter(scope)
        .submitted()
        .values_list("pk")
        .annotate(**per_dimension)
        .order_by("pk")
    )
    return np.array(rows, dtype=float).reshape(-1, 1 + len(dimensions))


@pytest.mark.parametrize("at_once", [LINES_AT_ONCE, 1, 3])
def test_the_matrix_read_from_the_lines_is_the_pivot_of_the_scores(opening, at_once, monkeypatch):
    monkeypatch.setattr(matrix_selectors, "LINES_AT_ONCE", at_once)
    first, second, *_rest, last = Scorecard.objects.order_by("pk")
    Score.objects.filter(dimension__code=DEFAULT_CODES[4], scorecard__in=[first, second]).update(
        value=None
    )
    Scorecard.objects.filter(pk=last.pk).update(submitted_at=None)
    dimensions = list(opening.rubric.dimensions.all())
    matrix = scorecard_matrix(opening_lines(opening), dimensions)
    order = np.argsort(matrix.scorecards)
    expected = pivoted(Q(interview__application__opening=opening), dimensions)
    assert matrix.scorecards[order].tolist() == expected[:, 0].astype(int).tolist()
    np.testing.assert_array_equal(matrix.values[order], expected[:, 1:])
    assert np.isnan(matrix.values).sum() == 2


def test_reading_lines_leaves_out_unwanted_dimensions_and_blank_lines():
    rows = [(1, 10, 100, "7,3,8,4,9,5"), (2, 10, 101, ""), (3, 11, 100, ""), (4, 11, 101, "9,1")]
    matrix = from_score_lines(rows, [(9, "c"), (7, "a")])
    assert matrix.codes == ("c", "a")
    assert matrix.scorecards.tolist() == [1, 2, 3, 4]
    assert matrix.applications.tolist() == [10, 10, 11, 11]
    assert matrix.raters.tolist() == [100, 101, 100, 101]
    np.testing.assert_array_equal(
        matrix.values, [[5, 3], [np.nan, np.nan], [np.nan, np.nan], [1, np.nan]]
    )
    assert from_score_lines([], [(9, "c")]).values.shape == (0, 1)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_interviewers_saving_on_one_application_at_once_both_get_their_lines(hr):
    application = ApplicationFactory()
    interviews = [InterviewFactory(application=application) for _ in range(2)]

    def save(interview, level):
        return save_scorecard(
            interview=interview, entry=card(level), by=hr, expected_version=0, submit=True
        )

    results = run_together(
        *(partial(save, i, level) for i, level in zip(interviews, (2, 5), strict=True))
    )
    assert all(isinstance(result, Scorecard) for result in results), results
    assert_lines_match_scores()
    levels = {frozenset(v for _d, v in line) for line in stored_lines().values()}
    assert levels == {frozenset({2}), frozenset({5})}
