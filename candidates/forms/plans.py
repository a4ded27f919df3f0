"""The form of one round of an opening's interview plan."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.forms.fields import RecordsField, submit_helper
from candidates.models import InterviewRound, Opening
from candidates.services.plans import RoundValues
from rubrics.models import Dimension, Question, RoundMethod


class QuestionChoiceField(RecordsField):
    """The bank's questions grouped under "dimension · criterion", not one long list."""

    def label_from_instance(self, obj: Question) -> str:
        return obj.text

    def _get_choices(self):
        groups: dict[str, list] = {}
        for question in self.queryset:
            group = f"{question.criterion.dimension.name} · {question.criterion.name}"
            groups.setdefault(group, []).append((question.pk, self.label_from_instance(question)))
        return list(groups.items())

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


class RoundForm(forms.Form):
    """Name (both languages), method, duration, focus dimensions and the questions to ask."""

    name_en = forms.CharField(label=_("Name in English"), max_length=100, required=False)
    name_zh_hans = forms.CharField(label=_("Name in Chinese"), max_length=100, required=False)
    method = forms.ChoiceField(label=_("Method"), choices=RoundMethod.choices)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=60
    )
    focus = RecordsField(
        label=_("Focus dimensions"),
        queryset=Dimension.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Three to five: raters given fewer dimensions rate them more accurately."),
    )
    questions = QuestionChoiceField(
        label=_("Questions"),
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("From the rubric's question bank; each on one of the focus dimensions."),
    )

    def __init__(self, *args, opening: Opening, plan_round: InterviewRound | None = None, **kw):
        if plan_round is not None and "initial" not in kw:
            kw["initial"] = {
                "name_en": plan_round.name_en,
                "name_zh_hans": plan_round.name_zh_hans,
                "method": plan_round.method,
                "duration_minutes": plan_round.duration_minutes,
                "focus": list(plan_round.focus.all()),
                "questions": list(plan_round.questions.all()),
            }
        super().__init__(*args, **kw)
        self.fields["focus"].queryset = opening.rubric.dimensions.order_by("order", "id")
        # Active questions, and retired ones the round still asks (so saving keeps them).
        kept = Q(retired_at__isnull=True)
        if plan_round is not None:
            kept |= Q(pk__in=plan_round.questions.values("pk"))
        self.fields["questions"].queryset = (
            Question.objects.filter(kept, criterion__dimension__rubric=opening.rubric)
            .select_related("criterion__dimension")
            .order_by("criterion__dimension__order", "criterion__order", "order", "id")
        )
        self.helper = submit_helper(_("Save round"))

    def values(self) -> RoundValues:
        data = self.cleaned_data
        return RoundValues(
            name_en=data["name_en"],
            name_zh_hans=data["name_zh_hans"],
            method=data["method"],
            duration_minutes=data["duration_minutes"],
            focus=list(data["focus"]),
            questions=list(data["questions"]),
        )
