"""The weight editor's form: one points field per dimension, a reason, the method."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rubrics.models import WeightMethod

FIELD_PREFIX = "weight_"


class WeightsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Kept in the history with your name and the time."),
    )
    method = forms.ChoiceField(
        choices=WeightMethod.choices,
        initial=WeightMethod.POINTS,
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_method(self) -> str:
        return self.cleaned_data["method"] or WeightMethod.POINTS

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[FIELD_PREFIX + dimension.code] = forms.DecimalField(
                label=dimension.name,
                min_value=0,
                max_digits=6,
                decimal_places=2,
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
        self.order_fields([FIELD_PREFIX + d.code for d in self.dimensions] + ["reason", "method"])

    def weight_fields(self):
        """(dimension, bound field) pairs; a field with an error is marked invalid."""
        pairs = []
        for dimension in self.dimensions:
            bound = self[FIELD_PREFIX + dimension.code]
            if bound.errors:
                bound.field.widget.attrs["class"] += " is-invalid"
                bound.field.widget.attrs["aria-invalid"] = "true"
            pairs.append((dimension, bound))
        return pairs

    def weights(self) -> dict:
        return {d.code: self.cleaned_data[FIELD_PREFIX + d.code] for d in self.dimensions}

    def add_domain_errors(self, error) -> None:
        """Put change_weights' errors (keyed by code) next to their fields."""
        for key, messages in error.message_dict.items():
            field = None if key == "__all__" else key
            if field not in (None, "reason", "method"):
                field = FIELD_PREFIX + field
            for message in messages:
                self.add_error(field, message)


class CloneForm(forms.Form):
    name_en = forms.CharField(label=_("Name in English"), max_length=120)
    name_zh_hans = forms.CharField(label=_("Name in Chinese"), max_length=120)
