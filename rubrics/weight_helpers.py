"""Weight helpers that propose points to the weight editor (never save them).

Rank order: the admin orders the dimensions and gets rank-order-centroid
weights. Pairwise: AHP over a chosen set of dimensions; the set keeps its
current total of points, shared out by the AHP priorities, and the other
dimensions keep theirs.
"""

from dataclasses import dataclass
from fractions import Fraction
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rubrics.forms import FIELD_PREFIX
from rubrics.weighting import (
    AhpResult,
    ahp,
    least_consistent_comparisons,
    pairwise_matrix_from_judgements,
    weights_from_order,
)

SAATY = [9, 8, 7, 6, 5, 4, 3, 2]


def editor_url(rubric, weights: dict[str, float], method: str) -> str:
    """The weight editor, pre-filled with proposed points (two decimals)."""
    query = {FIELD_PREFIX + code: f"{points:.2f}" for code, points in weights.items()}
    query["method"] = method
    return f"{reverse('rubrics:weights-edit', args=[rubric.pk])}?{urlencode(query)}"


class OrderForm(forms.Form):
    """A position (1 = most important) for every dimension, each position once."""

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        by_weight = sorted(self.dimensions, key=lambda d: (-d.weight, d.order))
        choices = [(str(n), str(n)) for n in range(1, len(self.dimensions) + 1)]
        for position, dimension in enumerate(by_weight, start=1):
            self.fields[dimension.code] = forms.TypedChoiceField(
                label=dimension.name, choices=choices, coerce=int, initial=str(position)
            )
        self.order_fields([d.code for d in by_weight])

    def clean(self) -> dict:
        cleaned = super().clean()
        seen: dict[int, str] = {}
        for code, position in list(cleaned.items()):
            if position in seen:
                self.add_error(
                    code,
                    _("Position %(n)s is already taken; give each one once.") % {"n": position},
                )
            seen[position] = code
        return cleaned

    def proposal(self) -> dict[str, float]:
        order = sorted(self.cleaned_data, key=self.cleaned_data.get)
        return weights_from_order(order, total=100)


def judgement_choices(first: str, second: str) -> list[tuple[str, str]]:
    """Saaty's 1-9 scale in both directions, as one select per pair."""
    return [
        *[(str(n), _("%(name)s %(n)s× as important") % {"name": first, "n": n}) for n in SAATY],
        ("1", _("Equally important")),
        *[
            (f"1/{n}", _("%(name)s %(n)s× as important") % {"name": second, "n": n})
            for n in reversed(SAATY)
        ],
    ]


class PairwiseForm(forms.Form):
    """One judgement per pair of the chosen dimensions."""

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.pairs = [
            (a, b) for i, a in enumerate(self.dimensions) for b in self.dimensions[i + 1 :]
        ]
        for a, b in self.pairs:
            self.fields[f"{a.code}__{b.code}"] = forms.ChoiceField(
                label=gettext_lazy("%(first)s against %(second)s")
                % {"first": a.name, "second": b.name},
                choices=judgement_choices(a.name, b.name),
                initial="1",
            )

    def judgements(self) -> dict[tuple[str, str], float]:
        return {
            (a.code, b.code): float(Fraction(self.cleaned_data[f"{a.code}__{b.code}"]))
            for a, b in self.pairs
        }


@dataclass(frozen=True)
class PairwiseOutcome:
    result: AhpResult
    shares: list[tuple[object, float]]  # (dimension, priority)
    worst: list[tuple[object, object, float, float]]  # (a, b, given, implied)
    proposal: dict[str, float]  # points for every dimension of the rubric


def pairwise_outcome(form: PairwiseForm, all_dimensions) -> PairwiseOutcome:
    codes = [d.code for d in form.dimensions]
    matrix = pairwise_matrix_from_judgements(codes, form.judgements())
    result = ahp(matrix)
    pool = sum(float(d.weight) for d in form.dimensions) or 100.0
    proposal = {d.code: float(d.weight) for d in all_dimensions}
    for dimension, priority in zip(form.dimensions, result.priorities, strict=True):
        proposal[dimension.code] = priority * pool
    worst = [
        (form.dimensions[i], form.dimensions[j], given, implied)
        for i, j, given, implied in least_consistent_comparisons(matrix, result.priorities)
    ]
    return PairwiseOutcome(
        result=result,
        shares=list(zip(form.dimensions, result.priorities, strict=True)),
        worst=worst,
        proposal=proposal,
    )
