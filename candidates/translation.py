"""Fields stored in both languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from candidates.models import InterviewRound


@register(InterviewRound)
class InterviewRoundTranslation(TranslationOptions):
    fields = ("name",)
