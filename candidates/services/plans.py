"""Building and editing an opening's interview plan.

HR starts a plan from the rubric's default plan (or from nothing) and edits it
round by round. A round's focus dimensions and questions come from the
opening's rubric; a question must be on a criterion of a focus dimension, so a
kit never asks about what the round does not score. A round that has
interviews cannot be removed: their scorecards were written for it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from candidates.models import InterviewRound, Opening
from hiring.wording import join_clauses
from rubrics.models import Dimension, Question


@dataclass(frozen=True)
class RoundValues:
    name_en: str
    name_zh_hans: str
    method: str
    duration_minutes: int
    focus: Sequence[Dimension]
    questions: Sequence[Question]


def start_plan_from_rubric(*, opening: Opening) -> list[InterviewRound]:
    """Copy the rubric's default plan into the opening; refused when it has a plan already."""
    with transaction.atomic():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        if locked.rounds.exists():
            raise ValidationError(_("This opening has a plan already: edit its rounds."))
        made = []
        for template in locked.rubric.plan_rounds.prefetch_related("focus", "questions"):
            made_round = InterviewRound.objects.create(
                opening=locked,
                order=template.order,
                name=template.name_en or template.name,
                name_en=template.name_en,
                name_zh_hans=template.name_zh_hans,
                method=template.method,
                duration_minutes=template.duration_minutes,
            )
            made_round.focus.set(template.focus.all())
            made_round.questions.set(template.questions.all())
            made.append(made_round)
        if not made:
            raise ValidationError(_("The rubric has no default plan: add the rounds one by one."))
    return made


def check_round(*, opening: Opening, values: RoundValues) -> None:
    """Focus and questions from the opening's rubric, each question on a focus dimension."""
    errors = {}
    if not (values.name_en.strip() or values.name_zh_hans.strip()):
        errors["name_en"] = [_("Give the round a name in at least one language.")]
    if not values.focus:
        errors["focus"] = [_("Choose the dimensions this round assesses.")]
    if any(d.rubric_id != opening.rubric_id for d in values.focus):
        errors["focus"] = [_("Choose dimensions of this opening's rubric.")]
    focus_ids = {d.pk for d in values.focus}
    off_focus = [q for q in values.questions if q.criterion.dimension_id not in focus_ids]
    if off_focus:
        errors["questions"] = [
            _("Each question must be on a focus dimension of the round; not: %(questions)s")
            % {"questions": join_clauses(str(q)[:60] for q in off_focus)}
        ]
    if errors:
        raise ValidationError(errors)


def save_round(
    *, opening: Opening, values: RoundValues, plan_round: InterviewRound | None = None
) -> InterviewRound:
    """Add a round at the end of the plan, or change `plan_round`."""
    check_round(opening=opening, values=values)
    with transaction.atomic():
        locked = Opening.objects.select_for_update().get(pk=opening.pk)
        if plan_round is None:
            last = locked.rounds.aggregate(last=Max("order"))["last"] or 0
            plan_round = InterviewRound(opening=locked, order=last + 1)
        plan_round.name_en = values.name_en.strip()
        plan_round.name_zh_hans = values.name_zh_hans.strip()
        plan_round.name = plan_round.name_en or plan_round.name_zh_hans
        plan_round.method = values.method
        plan_round.duration_minutes = values.duration_minutes
        plan_round.full_clean(exclude=["opening", "focus", "questions"])
        plan_round.save()
        plan_round.focus.set(values.focus)
        plan_round.questions.set(values.questions)
    return plan_round


def remove_round(*, plan_round: InterviewRound) -> None:
    with transaction.atomic():
        locked = InterviewRound.objects.select_for_update().get(pk=plan_round.pk)
        if locked.interviews.exists():
            raise ValidationError(
                _("“%(round)s” has interviews: their scorecards were written for it.")
                % {"round": locked}
            )
        locked.delete()


def move_round(*, plan_round: InterviewRound, step: int) -> None:
    """Swap the round with its neighbour before (step -1) or after (+1)."""
    with transaction.atomic():
        rounds = list(
            InterviewRound.objects.select_for_update()
            .filter(opening_id=plan_round.opening_id)
            .order_by("order", "id")
        )
        index = next(i for i, r in enumerate(rounds) if r.pk == plan_round.pk)
        other = index + step
        if not 0 <= other < len(rounds):
            return
        rounds[index], rounds[other] = rounds[other], rounds[index]
        for order, each in enumerate(rounds, start=1):
            if each.order != order:
                each.order = order
                each.save(update_fields=["order"])


def round_for_name(opening: Opening, name: str) -> InterviewRound | None:
    """The plan round called `name` in either language (case and spaces ignored)."""
    wanted = " ".join(name.split()).casefold()
    for plan_round in opening.rounds.all():
        names = {plan_round.name_en or "", plan_round.name_zh_hans or "", plan_round.name or ""}
        if wanted in {" ".join(n.split()).casefold() for n in names if n}:
            return plan_round
    return None
