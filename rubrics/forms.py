"""Every form of the rubric pages: the weight editor, cloning, the two weight helpers, and
the content editor (dimensions, criteria, anchors, questions; both languages side by side);
also the long-text field that the candidates app's forms use too (apps import downwards).

Weights are typed as text and checked once, by `rubrics.weighting.check_weights`
(through `change_weights`), so the editor, the what-if panel and the command
line give the same answer for the same input.
"""

from fractions import Fraction

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rubrics.ahp import RI_TABLES, AhpResult, default_ri_table, largest_order, random_index
from rubrics.models import (
    MAX_TEXT,
    Criterion,
    Dimension,
    Question,
    Rubric,
    ScaleAnchor,
    TextLengthValidator,
    WeightMethod,
)
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


# The random-index tables of rubrics.ahp in words: pages never show their keys.
RI_TABLE_NAMES = {
    "saaty_1980": _("Saaty (1980), the classic table"),
    "saaty_2005": _("Saaty (2005), Theory and Applications of the Analytic Network Process"),
    "donegan_dodd_1991": _("Donegan and Dodd (1991), A note on Saaty’s random indexes"),
}


def ri_text(value: float) -> str:
    """An RI as published: two decimals at least, four at most (1.40, 0.90, 1.3171)."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" * max(0, 2 - len(text.partition(".")[2]))


def ri_table_label(table: str, n: int) -> str:
    """The table in words with the RI it gives for `n` items ("Saaty (1980), …: RI(8) = 1.41")."""
    if n > largest_order(table):
        return gettext("%(table)s: up to %(most)s dimensions") % {
            "table": RI_TABLE_NAMES[table],
            "most": largest_order(table),
        }
    return gettext("%(table)s: RI(%(n)s) = %(ri)s") % {
        "table": RI_TABLE_NAMES[table],
        "n": n,
        "ri": ri_text(random_index(n, table)),
    }


def pairwise_reason(result: AhpResult) -> str:
    """The reason the editor is pre-filled with, so the history says how CR was computed."""
    text = gettext(
        "Proposed by pairwise comparison (AHP): CR = %(cr)s; random index from %(table)s."
    )
    return text % {
        "cr": f"{result.consistency_ratio:.3f}",
        "table": ri_table_label(result.ri_table, result.n),
    }


class PairwiseForm(forms.Form):
    """One judgement per pair of the chosen dimensions, and the random-index table for CR."""

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.pairs = [
            (a, b) for i, a in enumerate(self.dimensions) for b in self.dimensions[i + 1 :]
        ]
        n = len(self.dimensions)
        # Not required: a link made before the choice existed still computes, with the default.
        self.fields["ri"] = forms.ChoiceField(
            label=_("Random-index table for the consistency ratio"),
            choices=[(table, ri_table_label(table, n)) for table in RI_TABLES],
            initial=default_ri_table(n),
            required=False,
            help_text=_(
                "CR = CI / RI(n). The published tables differ in the second decimal; "
                "Saaty’s classic table is the one most textbooks use."
            ),
        )
        for a, b in self.pairs:
            self.fields[f"{a.code}__{b.code}"] = forms.ChoiceField(
                label=_("%(first)s against %(second)s") % {"first": a.name, "second": b.name},
                choices=judgement_choices(a.name, b.name),
                initial="1",
            )

    def judgement_fields(self) -> list[forms.BoundField]:
        return [self[f"{a.code}__{b.code}"] for a, b in self.pairs]

    def clean_ri(self) -> str:
        table = self.cleaned_data["ri"] or default_ri_table(len(self.dimensions))
        if len(self.dimensions) > largest_order(table):
            raise forms.ValidationError(
                gettext(
                    "This table stops at %(most)s dimensions: choose another table "
                    "or fewer dimensions."
                )
                % {"most": largest_order(table)}
            )
        return table

    def judgements(self) -> dict[tuple[str, str], float]:
        return {
            (a.code, b.code): float(Fraction(self.cleaned_data[f"{a.code}__{b.code}"]))
            for a, b in self.pairs
        }


# The content editor --------------------------------------------------------------
# Each text is typed in both languages, English and Chinese side by side. The forms
# validate; the services in rubrics.services.content and .questions save and record.

LANGUAGE_SUFFIXES = (("en", _("%(field)s (English)")), ("zh_hans", _("%(field)s (Chinese)")))


class BilingualForm(forms.ModelForm):
    """A model form over `<field>_en` and `<field>_zh_hans` columns, labelled per language.

    `bilingual` lists the base fields; `required` those both languages must fill.
    """

    bilingual: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model
        for base in self.bilingual:
            label = model._meta.get_field(base).verbose_name
            for suffix, pattern in LANGUAGE_SUFFIXES:
                field = self.fields[f"{base}_{suffix}"]
                field.label = capfirst(pattern % {"field": label})
                field.required = base in self.required
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs["rows"] = 3
                if suffix == "zh_hans":
                    field.widget.attrs["lang"] = "zh-Hans"

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(English, Chinese) bound fields per base field, for the side-by-side layout."""
        return [(self[f"{base}_en"], self[f"{base}_zh_hans"]) for base in self.bilingual]

    def texts(self) -> dict[str, str]:
        return {
            f"{base}_{suffix}": self.cleaned_data[f"{base}_{suffix}"]
            for base in self.bilingual
            for suffix, _pattern in LANGUAGE_SUFFIXES
        }


def _long(*columns: str) -> dict:
    return dict.fromkeys(columns, LongTextField)


class DimensionForm(BilingualForm):
    bilingual = ("name", "guidance")
    required = ("name",)

    class Meta:
        model = Dimension
        fields = ["name_en", "name_zh_hans", "guidance_en", "guidance_zh_hans"]
        field_classes = _long("guidance_en", "guidance_zh_hans")


class DimensionAddForm(DimensionForm):
    """A new dimension: its code (unique in the rubric, kept across versions) and texts."""

    class Meta(DimensionForm.Meta):
        fields = ["code", *DimensionForm.Meta.fields]
        help_texts = {
            "code": _(
                "Short, lower case, with hyphens or underscores (for example "
                "“client_care”). It identifies the dimension across versions; it cannot change."
            )
        }


class CriterionForm(BilingualForm):
    bilingual = ("name", "guidance", "assessed_by")
    required = ("name",)

    class Meta:
        model = Criterion
        fields = [
            "name_en",
            "name_zh_hans",
            "guidance_en",
            "guidance_zh_hans",
            "assessed_by_en",
            "assessed_by_zh_hans",
        ]
        field_classes = _long("guidance_en", "guidance_zh_hans")


class AnchorsForm(forms.Form):
    """The description of every level of the rubric's scale, in both languages."""

    def __init__(self, *args, rubric: Rubric, anchors, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.levels = list(range(rubric.scale_min, rubric.scale_max + 1))
        existing: dict[int, ScaleAnchor] = {anchor.level: anchor for anchor in anchors}
        for level in self.levels:
            for suffix, pattern in LANGUAGE_SUFFIXES:
                name = f"description_{suffix}_{level}"
                anchor = existing.get(level)
                self.fields[name] = LongTextField(
                    label=capfirst(pattern % {"field": gettext("level %(n)s") % {"n": level}}),
                    rows=2,
                    initial=getattr(anchor, f"description_{suffix}", "") if anchor else "",
                )
                if suffix == "zh_hans":
                    self.fields[name].widget.attrs["lang"] = "zh-Hans"

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (level, self[f"description_en_{level}"], self[f"description_zh_hans_{level}"])
            for level in self.levels
        ]

    def descriptions(self) -> dict[int, dict[str, str]]:
        return {
            level: {
                f"description_{suffix}": self.cleaned_data[f"description_{suffix}_{level}"]
                for suffix, _pattern in LANGUAGE_SUFFIXES
            }
            for level in self.levels
        }


class QuestionForm(BilingualForm):
    """A question of the bank. `fingerprint` is the version of the texts the editor read."""

    bilingual = ("text", "probes", "strong", "weak")
    required = ("text",)

    fingerprint = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": _("This editor page is damaged: open the question again.")},
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text_en",
            "text_zh_hans",
            "probes_en",
            "probes_zh_hans",
            "strong_en",
            "strong_zh_hans",
            "weak_en",
            "weak_zh_hans",
        ]
        field_classes = _long(
            "text_en",
            "text_zh_hans",
            "probes_en",
            "probes_zh_hans",
            "strong_en",
            "strong_zh_hans",
            "weak_en",
            "weak_zh_hans",
        )

    def texts(self) -> dict[str, str]:
        return {"kind": self.cleaned_data["kind"], **super().texts()}


class QuestionAddForm(QuestionForm):
    class Meta(QuestionForm.Meta):
        fields = ["key", *QuestionForm.Meta.fields]
        help_texts = {
            "key": _(
                "Leave empty to make one from the dimension, the criterion and a number. "
                "Plans find the question by it across versions."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False


class ConfirmForm(forms.Form):
    """A confirmation with nothing to type (removing a dimension or criterion)."""
