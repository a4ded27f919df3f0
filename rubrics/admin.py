"""Django admin for rubrics, with the dimension's criteria and anchors inline."""

from django.contrib import admin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from rubrics.models import Criterion, Dimension, Rubric, ScaleAnchor


class DimensionInline(TranslationTabularInline):
    model = Dimension
    fields = ("order", "code", "name", "weight", "gate")
    extra = 0
    show_change_link = True


class CriterionInline(TranslationStackedInline):
    model = Criterion
    extra = 0


class ScaleAnchorInline(TranslationTabularInline):
    model = ScaleAnchor
    extra = 0


@admin.register(Rubric)
class RubricAdmin(TranslationAdmin):
    list_display = (
        "name",
        "is_default",
        "scale_min",
        "scale_max",
        "min_coverage",
        "min_scorecards",
    )
    inlines = [DimensionInline]


@admin.register(Dimension)
class DimensionAdmin(TranslationAdmin):
    list_display = ("name", "code", "rubric", "weight", "gate", "order")
    list_filter = ("rubric",)
    inlines = [CriterionInline, ScaleAnchorInline]


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ("name", "dimension")
    list_filter = ("dimension__rubric",)


@admin.register(ScaleAnchor)
class ScaleAnchorAdmin(TranslationAdmin):
    list_display = ("dimension", "level")
    list_filter = ("dimension__rubric",)
