"""Every form of the rubric pages: the weight editor, cloning, and the two weight helpers;
also the long-text field that the candidates app's forms use too (apps import downwards).

Weights are typed as text and checked once, by `rubrics.weighting.check_weights`
(through `change_weights`), so the editor, the what-if panel and the command
line give the same answer for the same input.
"""

from fractions import Fraction

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rubrics.models import MAX_TEXT, TextLengthValidator, WeightMethod
from rubrics.weighting import GatesError, weights_from_order

SAATY = [9, 8, 7, 6, 5, 4, 3, 2]

FIELD_PREFIX = "weight_"
GATE_PREFIX = "gate_"


class LongTextField(forms.CharField):
    """Free text of at most `max_length` (MAX_TEXT) characters in a textarea, for both apps.

    The textarea carries no `maxlength`: a browser would cut a longer paste without a
    word and the cut text would be saved. It carries `data-maxlength` instead, which
    static/js/textlimit.js turns into a live counter; the server refuses what is too
    long, with the limit and the length typed, and the page keeps the text.
    """

    def __init__(self, *, max_length: int | None = MAX_TEXT, rows: int = 3, **kwargs) -> None:
        # A model field's formfield() passes its own max_length (None for TextField).
        self.limit = max_length or MAX_TEXT
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)
        self.validators.append(TextLengthValidator(self.limit))

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["data-maxlength"] = str(self.limit)
        return attrs


class WeightsForm(forms.Form):
    reason = LongTextField(
        label=_("Reason for the change"),
        rows=2,
        help_text=_("Kept in the history with your name and the time."),
    )
    method = forms.ChoiceField(
        choices=WeightMethod.choices,
        initial=WeightMethod.POINTS,
        required=False,
        widget=forms.HiddenInput,
    )

    # The rubric's weights_version when the editor was opened (see change_weights).
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            key: _("This editor page is out of date or damaged: open the weight editor again.")
            for key in ("required", "invalid", "min_value")
        },
    )

    def clean_method(self) -> str:
        return self.cleaned_data["method"] or WeightMethod.POINTS

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[FIELD_PREFIX + dimension.code] = forms.CharField(
                label=dimension.name,
                initial=dimension.weight,
                widget=forms.NumberInput(
                    attrs={
                        "step": "any",
                        "min": "0",
                        "class": "form-control form-control-sm",
                        "data-weight": dimension.code,
                    }
                ),
            )
            self.fields[GATE_PREFIX + dimension.code] = forms.CharField(
                label=_("Gate of %(name)s") % {"name": dimension.name},
                initial=dimension.gate,
                required=False,
                widget=forms.NumberInput(
                    attrs={"step": "any", "class": "form-control form-control-sm"}
                ),
            )
        self.order_fields(
            [prefix + d.code for d in self.dimensions for prefix in (FIELD_PREFIX, GATE_PREFIX)]
            + ["reason", "method", "version"]
        )

    def weight_fields(self):
        """(dimension, points field, gate field) rows; a field with an error is marked invalid."""
        rows = []
        for dimension in self.dimensions:
            bound = self[FIELD_PREFIX + dimension.code]
            gate = self[GATE_PREFIX + dimension.code]
            for field in (bound, gate):
                if field.errors:
                    field.field.widget.attrs["class"] += " is-invalid"
                    field.field.widget.attrs["aria-invalid"] = "true"
            rows.append((dimension, bound, gate))
        return rows

    def weights(self) -> dict:
        return {d.code: self.cleaned_data[FIELD_PREFIX + d.code] for d in self.dimensions}

    def gates(self) -> dict:
        """Gates typed (blank = no gate); a gate field not sent at all keeps its gate."""
        return {
            d.code: self.cleaned_data[GATE_PREFIX + d.code]
            for d in self.dimensions
            if GATE_PREFIX + d.code in self.data
        }

    def add_domain_errors(self, error) -> None:
        """Put change_weights' errors (keyed by code) next to their fields.

        A code's error about a gate goes under the gate field, others under the points.
        """
        about_gates = isinstance(error, GatesError)
        for key, messages in error.message_dict.items():
            field = None if key == "__all__" else key
            if about_gates and field is not None:
                field = GATE_PREFIX + field
            elif field not in (None, "reason", "method"):
                field = FIELD_PREFIX + field
            for message in messages:
                self.add_error(field, message)


class CloneForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=120)
    name_zh_hans = forms.CharField(label=_("Name in Chinese"), max_length=120)


class VersionForm(forms.Form):
    reason = LongTextField(
        label=_("Why a new version"),
        rows=3,
        help_text=_("For example: clearer anchors for the written test. Kept with the version."),
    )


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
                    gettext("Position %(n)s is already taken; give each one once.")
                    % {"n": position},
                )
            seen[position] = code
        return cleaned

    def proposal(self) -> dict[str, float]:
        order = sorted(self.cleaned_data, key=self.cleaned_data.get)
        return weights_from_order(order, total=100)


def judgement_choices(first: str, second: str) -> list[tuple[str, str]]:
    """Saaty's 1-9 scale in both directions, as one select per pair."""
    return [
        *[
            (str(n), gettext("%(name)s %(n)s× as important") % {"name": first, "n": n})
            for n in SAATY
        ],
        ("1", gettext("Equally important")),
        *[
            (f"1/{n}", gettext("%(name)s %(n)s× as important") % {"name": second, "n": n})
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
                label=_("%(first)s against %(second)s") % {"first": a.name, "second": b.name},
                choices=judgement_choices(a.name, b.name),
                initial="1",
            )

    def judgements(self) -> dict[tuple[str, str], float]:
        return {
            (a.code, b.code): float(Fraction(self.cleaned_data[f"{a.code}__{b.code}"]))
            for a, b in self.pairs
        }
