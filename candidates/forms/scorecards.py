"""Scorecard entry: one level (or "not assessed") and evidence per dimension."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import (
    Recommendation,
)
from candidates.services.scorecards import (
    NO_EVIDENCE,
    UNANSWERED,
    ScorecardEntry,
    ScoreEntry,
    SubmissionProblem,
    submission_problems,
)
from rubrics.forms import LongTextField

NOT_ASSESSED_CHOICE = "na"


class ScorecardForm(forms.Form):
    """Built from the rubric's dimensions (with anchors prefetched).

    A draft may leave dimensions unanswered; submitting applies the submission
    rules of `candidates.services.scorecards` and puts what they find on the
    fields. `focus`: the codes the interview's plan round assesses (None: all);
    only they must be answered, the others start as "not assessed".
    """

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        initial=Recommendation.NO_DECISION,
    )
    summary = LongTextField(label=_("Summary"), required=False, rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        rubric,
        dimensions,
        requires_reason: bool,
        submitting: bool,
        focus: frozenset[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.focus = focus
        self.extremes = (rubric.scale_min, rubric.scale_max)
        self.submitting = submitting or requires_reason
        levels = range(rubric.scale_min, rubric.scale_max + 1)
        for dimension in self.dimensions:
            anchors = {anchor.level: anchor.description for anchor in dimension.anchors.all()}
            choices = [(str(level), anchors.get(level, "")) for level in levels]
            choices.append((NOT_ASSESSED_CHOICE, _("Not assessed")))
            self.fields[self.score_field(dimension)] = forms.ChoiceField(
                label=dimension.name,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=None if self.in_focus(dimension) else NOT_ASSESSED_CHOICE,
            )
            self.fields[self.evidence_field(dimension)] = LongTextField(
                label=_("Evidence for %(dimension)s") % {"dimension": dimension.name},
                required=False,
                rows=2,
            )
        if requires_reason:
            self.fields["reason"] = LongTextField(
                label=_("Reason for changing a submitted scorecard"),
                rows=2,
                error_messages={"required": _("Say why this submitted scorecard is changed.")},
            )

    @staticmethod
    def score_field(dimension) -> str:
        return f"score_{dimension.code}"

    @staticmethod
    def evidence_field(dimension) -> str:
        return f"evidence_{dimension.code}"

    def in_focus(self, dimension) -> bool:
        return self.focus is None or dimension.code in self.focus

    def rows(self):
        """(dimension, score bound field, evidence bound field) for the template."""
        return [
            (d, self[self.score_field(d)], self[self.evidence_field(d)])
            for d in self.dimensions
            if self.in_focus(d)
        ]

    def other_rows(self):
        """The same for the dimensions outside the round's focus (shown folded)."""
        return [
            (d, self[self.score_field(d)], self[self.evidence_field(d)])
            for d in self.dimensions
            if not self.in_focus(d)
        ]

    def other_rows_open(self) -> bool:
        """Unfold the other dimensions when one holds a score or an error."""
        for _dimension, score, evidence in self.other_rows():
            if score.errors or evidence.errors or score.value() not in (None, NOT_ASSESSED_CHOICE):
                return True
        return False

    def error_links(self) -> list[tuple[str, str]]:
        """(name, element id) of each part of the card in error, in page order.

        For the summary at the top of a refused card: a dimension by its name,
        pointing at its box; the fields below the dimensions by their label.
        """
        links = [
            (dimension.name, f"dimension-{dimension.code}")
            for dimension, score, evidence in self.rows() + self.other_rows()
            if score.errors or evidence.errors
        ]
        for name in ("recommendation", "summary", "reason"):
            if name in self.fields and self[name].errors:
                radios = isinstance(self.fields[name].widget, forms.RadioSelect)
                links.append((self[name].label, self[name].auto_id + ("_0" if radios else "")))
        return links

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not self.errors:
            self.add_problems(
                submission_problems(
                    entry=self.to_entry(),
                    codes=[d.code for d in self.dimensions if self.in_focus(d)],
                    scale_min=self.extremes[0],
                    scale_max=self.extremes[1],
                )
            )
        return cleaned

    def add_problems(self, problems: list[SubmissionProblem]) -> None:
        """Put the submission rules' findings next to their fields."""
        fields = {d.code: d for d in self.dimensions}
        for problem in problems:
            if problem.kind == UNANSWERED:
                self.add_error(
                    self.score_field(fields[problem.code]),
                    _("Choose a score or “not assessed” before submitting."),
                )
            elif problem.kind == NO_EVIDENCE:
                self.add_error(
                    self.evidence_field(fields[problem.code]),
                    _("A score of %(level)s needs a line of evidence.") % {"level": problem.level},
                )
            else:
                self.add_error(None, _("Score at least one dimension before submitting."))

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
