"""Fields stored in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from rubrics.models import Criterion, Dimension, PlanRound, Question, Rubric, ScaleAnchor


@register(Rubric)
class RubricTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance", "assessed_by")


@register(ScaleAnchor)
class ScaleAnchorTranslation(TranslationOptions):
    fields = ("description",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "probes", "strong", "weak")


@register(PlanRound)
class PlanRoundTranslation(TranslationOptions):
    fields = ("name",)
