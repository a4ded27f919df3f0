"""Django admin for rubrics, with the dimension's criteria and anchors inline.

The default rubric is chosen on the rubric's page (rubrics.services.make_default).

What the admin may still do: edit the texts, dimensions, criteria and anchors
of a rubric nobody has been scored on yet (a draft or a new version), in both
languages. What it may not: change weights or gates (the weight editor records
every change with a reason), or change anything of a rubric in use (a
submitted scorecard scored on it): that rubric is shown read-only and is
changed by making a new version on its page.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from rubrics.models import Criterion, Dimension, Rubric, ScaleAnchor

# Changed only through rubrics.services.change_weights, which records them.
RECORDED_FIELDS = ("weight", "gate")


def rubric_of(obj) -> Rubric | None:
    """The rubric an admin object belongs to (None while it is being added)."""
    if obj is None:
        return None
    if isinstance(obj, Rubric):
        return obj
    if isinstance(obj, Dimension):
        return obj.rubric
    return obj.dimension.rubric


def frozen(obj) -> bool:
    rubric = rubric_of(obj)
    return rubric is not None and rubric.pk is not None and rubric.is_in_use


class FrozenWhenInUse:
    """Read-only (no change, no delete) once the object's rubric is in use."""

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not frozen(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not frozen(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj) and not frozen(obj)
        return super().has_add_permission(request)


class FrozenModelAdmin(FrozenWhenInUse, TranslationAdmin):
    """Says why a rubric in use is read-only, and refuses bulk deletes."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if frozen(obj) and request.method == "GET":
            messages.info(
                request,
                _(
                    "This rubric is in use (scorecards were scored on it, or it has a newer "
                    "version), so it is read-only here. Make a new version on the rubric's "
                    "page to change it."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


class DimensionInline(FrozenWhenInUse, TranslationTabularInline):
    model = Dimension
    fields = ("order", "code", "name", "weight", "gate")
    readonly_fields = RECORDED_FIELDS
    extra = 0
    show_change_link = True


class CriterionInline(FrozenWhenInUse, TranslationStackedInline):
    model = Criterion
    extra = 0


class ScaleAnchorInline(FrozenWhenInUse, TranslationTabularInline):
    model = ScaleAnchor
    extra = 0


@admin.register(Rubric)
class RubricAdmin(FrozenModelAdmin):
    list_display = (
        "name",
        "version",
        "is_default",
        "scale_min",
        "scale_max",
        "min_coverage",
        "min_scorecards",
    )
    readonly_fields = (
        "is_default",
        "version",
        "previous_version",
        "version_reason",
        "version_by",
        "weights_version",
    )
    inlines = [DimensionInline]


@admin.register(Dimension)
class DimensionAdmin(FrozenModelAdmin):
    list_display = ("name", "code", "rubric", "weight", "gate", "order")
    list_filter = ("rubric",)
    readonly_fields = RECORDED_FIELDS
    inlines = [CriterionInline, ScaleAnchorInline]


@admin.register(Criterion)
class CriterionAdmin(FrozenModelAdmin):
    list_display = ("name", "dimension")
    list_filter = ("dimension__rubric",)


@admin.register(ScaleAnchor)
class ScaleAnchorAdmin(FrozenModelAdmin):
    list_display = ("dimension", "level")
    list_filter = ("dimension__rubric",)
