"""Moving an opening to another rubric (usually the next version of its own).

Scores point at the dimensions of the opening's rubric. Moving an opening
that has scores re-points every score to the dimension with the same code in
the new rubric, so nothing is re-entered; it is refused when a scored code has
no counterpart there or a score lies outside the new rubric's scale. Scores
left "not assessed" on a code the new rubric drops are removed (they say
nothing). The move is recorded (RubricMove) and every touched scorecard's
version is bumped, so a page left open on the old dimensions cannot save over
the move. The interview plan follows: focus dimensions by code, questions by
key. The opening row is locked: an import or a first scorecard save on it
waits for the move (or the move for them) and then uses the new dimensions.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from candidates.models import Opening, RankingVersion, RubricMove, Score, Scorecard
from candidates.selectors.openings import scored_codes, scores_outside
from hiring.wording import join_list
from rubrics.models import Question, Rubric


def rubric_switch_problem(*, opening: Opening, rubric: Rubric) -> str | None:
    """Why `opening` cannot move to `rubric`, or None when it can."""
    if rubric.pk == opening.rubric_id:
        return None
    if scores_outside(opening, low=rubric.scale_min, high=rubric.scale_max):
        return _(
            "Candidates of this opening have scores outside the scale %(low)s–%(high)s of "
            "“%(rubric)s”: moving would misread them. Choose a rubric with the same scale."
        ) % {"low": rubric.scale_min, "high": rubric.scale_max, "rubric": rubric}
    missing = sorted(scored_codes(opening) - set(rubric.dimensions.values_list("code", flat=True)))
    if not missing:
        return None
    return _(
        "Candidates of this opening are scored on %(codes)s, which “%(rubric)s” does not have: "
        "moving would lose those scores. Choose a rubric (or a version) with these dimensions."
    ) % {"codes": join_list(missing), "rubric": rubric}


def move_opening_to_rubric(*, opening: Opening, rubric: Rubric, by) -> RubricMove | None:
    """Put `opening` on `rubric`, re-pointing its scores by dimension code (see above).

    Raises ValidationError (on "rubric") when a scored code is missing; returns
    None when the opening already uses `rubric`.
    """
    with transaction.atomic():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        if locked.rubric_id == rubric.pk:
            return None
        problem = rubric_switch_problem(opening=locked, rubric=rubric)
        if problem:
            raise ValidationError({"rubric": [problem]})
        scores = Score.objects.filter(scorecard__interview__application__opening=locked)
        targets = dict(rubric.dimensions.values_list("code", "pk"))
        dropped = sorted(
            set(
                scores.exclude(dimension__code__in=targets).values_list(
                    "dimension__code", flat=True
                )
            )
        )
        touched = list(scores.values_list("scorecard_id", flat=True).distinct())
        scores.exclude(dimension__code__in=targets).delete()
        for code, pk in targets.items():
            scores.filter(dimension__code=code).update(dimension_id=pk)
        Scorecard.objects.filter(pk__in=touched).update(version=F("version") + 1)
        RankingVersion.objects.changed(openings=[locked.pk])  # UPDATEs send no signal
        _repoint_plan(locked, rubric)
        move = RubricMove.objects.create(
            opening=locked,
            from_rubric_id=locked.rubric_id,
            to_rubric=rubric,
            moved_by=by,
            dropped_codes=dropped,
            new_codes=sorted(set(targets) - _codes(locked.rubric_id)),
        )
        locked.rubric = rubric
        locked.save(update_fields=["rubric"])
    opening.rubric = rubric
    return move


def _repoint_plan(opening: Opening, rubric: Rubric) -> None:
    """The plan's focus dimensions by code, its questions by key; those without a match go."""
    dimensions = {d.code: d for d in rubric.dimensions.all()}
    questions = {
        (q.criterion.dimension.code, q.key): q
        for q in Question.objects.filter(criterion__dimension__rubric=rubric).select_related(
            "criterion__dimension"
        )
    }
    for plan_round in opening.rounds.prefetch_related("focus", "questions__criterion__dimension"):
        plan_round.focus.set(
            [dimensions[d.code] for d in plan_round.focus.all() if d.code in dimensions]
        )
        plan_round.questions.set(
            [
                questions[key]
                for q in plan_round.questions.all()
                if (key := (q.criterion.dimension.code, q.key)) in questions
            ]
        )


def _codes(rubric_id: int) -> set[str]:
    return set(Rubric.objects.get(pk=rubric_id).dimensions.values_list("code", flat=True))
