"""The scorecard entry form: one radio group and one evidence note per dimension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import MAX_TEXT, Recommendation
from candidates.services.scorecards import ScorecardEntry, ScoreEntry

NOT_ASSESSED_CHOICE = "na"


class ScorecardForm(forms.Form):
    """Built from the rubric's dimensions (with anchors prefetched).

    A draft may leave dimensions unanswered; submitting needs an answer for
    every dimension (a level or "not assessed"), at least one real score, and
    evidence for the extreme levels, which a debrief will question first.
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        initial=Recommendation.NO_DECISION,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args, rubric, dimensions, requires_reason: bool, submitting: bool, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.extremes = (rubric.scale_min, rubric.scale_max)
        self.submitting = submitting or requires_reason
        levels = range(rubric.scale_min, rubric.scale_max + 1)
        for dimension in self.dimensions:
            anchors = {anchor.level: anchor.description for anchor in dimension.anchors.all()}
            choices = [(str(level), anchors.get(level, "")) for level in levels]
            choices.append((NOT_ASSESSED_CHOICE, _("Not assessed")))
            self.fields[self.score_field(dimension)] = forms.ChoiceField(
                label=dimension.name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[self.evidence_field(dimension)] = forms.CharField(
                label=_("Evidence for %(dimension)s") % {"dimension": dimension.name},
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if requires_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for changing a submitted scorecard"),
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": _("Say why this submitted scorecard is changed.")},
            )

    @staticmethod
    def score_field(dimension) -> str:
        return f"score_{dimension.code}"

    @staticmethod
    def evidence_field(dimension) -> str:
        return f"evidence_{dimension.code}"

    def rows(self):
        """(dimension, score bound field, evidence bound field) for the template."""
        return [
            (d, self[self.score_field(d)], self[self.evidence_field(d)]) for d in self.dimensions
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.submitting:
            return cleaned
        scored = 0
        for dimension in self.dimensions:
            answer = cleaned.get(self.score_field(dimension))
            if not answer:
                self.add_error(
                    self.score_field(dimension),
                    _("Choose a score or “not assessed” before submitting."),
                )
            elif answer != NOT_ASSESSED_CHOICE:
                scored += 1
                level = int(answer)
                if (
                    level in self.extremes
                    and not cleaned.get(self.evidence_field(dimension), "").strip()
                ):
                    self.add_error(
                        self.evidence_field(dimension),
                        _("A score of %(level)s needs a line of evidence.") % {"level": level},
                    )
        if scored == 0 and not self.errors:
            raise forms.ValidationError(_("Score at least one dimension before submitting."))
        return cleaned

    def to_entry(self) -> ScorecardEntry:
        scores = {}
        for dimension in self.dimensions:
            answer = self.cleaned_data.get(self.score_field(dimension))
            if not answer:
                continue
            value = None if answer == NOT_ASSESSED_CHOICE else int(answer)
            evidence = self.cleaned_data.get(self.evidence_field(dimension), "").strip()
            scores[dimension.code] = ScoreEntry(value=value, evidence=evidence)
        return ScorecardEntry(
            scores=scores,
            recommendation=self.cleaned_data["recommendation"],
            summary=self.cleaned_data.get("summary", "").strip(),
        )


def initial_from(scorecard) -> dict:
    """Form initial data from a saved scorecard (None: a blank card)."""
    if scorecard is None:
        return {"version": 0, "recommendation": Recommendation.NO_DECISION}
    initial = {
        "version": scorecard.version,
        "recommendation": scorecard.recommendation,
        "summary": scorecard.summary,
    }
    for score in scorecard.scores.all():
        code = score.dimension.code
        value = NOT_ASSESSED_CHOICE if score.value is None else str(score.value)
        initial[f"score_{code}"] = value
        initial[f"evidence_{code}"] = score.evidence
    return initial
