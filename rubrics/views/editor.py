"""The rubric editor (rubric admins): dimensions, criteria and anchors in both languages.

A rubric in use is frozen: its edit pages say why and offer a new version
instead of a form, and a POST to them is refused (409) with nothing saved. The
rules live in rubrics.services.content; these views bind, call, and answer.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hiring import roles
from hiring.roles import role_required
from rubrics.forms import (
    AnchorsForm,
    ConfirmForm,
    CriterionForm,
    DimensionAddForm,
    DimensionForm,
)
from rubrics.models import Criterion, Dimension, Rubric, refuse_if_in_use
from rubrics.selectors import (
    anchors_of,
    criterion_or_404,
    dimension_or_404,
    newer_version_of,
    question_count_of,
    rubric_or_404,
)
from rubrics.services.content import (
    RubricInUse,
    add_criterion,
    add_dimension,
    remove_criterion,
    remove_dimension,
    update_anchors,
    update_criterion,
    update_dimension,
)


def posted(request: HttpRequest):
    """The POST data to bind a form to, even when empty (a confirmation); None on GET."""
    return request.POST if request.method == "POST" else None


def in_use_reason(rubric: Rubric) -> str | None:
    """Why the rubric's content cannot change, or None when it can."""
    try:
        refuse_if_in_use(rubric)
    except ValidationError as error:
        return error.messages[0]
    return None


def frozen_page(
    request: HttpRequest, rubric: Rubric, reason: str, *, refused: bool
) -> HttpResponse:
    """The reason and the way on (a new version) instead of a form; 409 for a refused POST."""
    if refused:
        messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": reason})
    context = {"rubric": rubric, "reason": reason, "newer_version": newer_version_of(rubric)}
    return render(request, "rubrics/editor/frozen.html", context, status=409 if refused else 200)


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """A service's errors next to their fields when the form has them, else above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def edit_page(
    request: HttpRequest,
    *,
    rubric: Rubric,
    form: BaseForm,
    template: str,
    context: dict,
    save: Callable[[], str],
    done: str,
) -> HttpResponse:
    """The shared flow of every content edit page.

    `save` calls the service and returns the success message; `done` is where to go.
    """
    reason = in_use_reason(rubric)
    if reason:
        return frozen_page(request, rubric, reason, refused=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        try:
            message = save()
        except RubricInUse as error:
            return frozen_page(request, rubric, error.messages[0], refused=True)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(done)
    return render(request, template, {"rubric": rubric, "form": form, **context})


def detail_url(rubric: Rubric, dimension: Dimension | None = None) -> str:
    url = reverse("rubrics:rubric-detail", args=[rubric.pk])
    return f"{url}#dimension-{dimension.code}" if dimension else url


def _saved(changed: list) -> str:
    return _("Saved; the change is in the rubric's history.") if changed else _("Nothing changed.")


@role_required(roles.RUBRIC_ADMIN)
def dimension_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = rubric_or_404(pk)
    form = DimensionAddForm(posted(request), instance=Dimension(rubric=rubric))

    def save() -> str:
        add_dimension(
            rubric=rubric, by=request.user, code=form.cleaned_data["code"], values=form.texts()
        )
        return _(
            "Dimension added with 0 points: give it its weight in the weight editor, "
            "then add its criteria and anchors."
        )

    return edit_page(
        request,
        rubric=rubric,
        form=form,
        template="rubrics/editor/dimension_form.html",
        context={"adding": True},
        save=save,
        done=reverse("rubrics:weights-edit", args=[rubric.pk]),
    )


@role_required(roles.RUBRIC_ADMIN)
def dimension_edit(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    dimension = dimension_or_404(rubric_pk=pk, dimension_pk=dimension_pk)
    rubric = dimension.rubric
    form = DimensionForm(posted(request), instance=dimension)
    return edit_page(
        request,
        rubric=rubric,
        form=form,
        template="rubrics/editor/dimension_form.html",
        context={"dimension": dimension},
        save=lambda: _saved(
            update_dimension(dimension=dimension, by=request.user, values=form.texts())
        ),
        done=detail_url(rubric, dimension),
    )


@role_required(roles.RUBRIC_ADMIN)
def dimension_remove(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    """GET asks to confirm; POST removes (refused once anything is scored on it)."""
    dimension = dimension_or_404(rubric_pk=pk, dimension_pk=dimension_pk)

    def save() -> str:
        remove_dimension(dimension=dimension, by=request.user)
        return _("Dimension “%(name)s” removed.") % {"name": dimension}

    return edit_page(
        request,
        rubric=dimension.rubric,
        form=ConfirmForm(posted(request)),
        template="rubrics/editor/remove_confirm.html",
        context={"thing": dimension, "dimension": dimension},
        save=save,
        done=detail_url(dimension.rubric),
    )


@role_required(roles.RUBRIC_ADMIN)
def anchors_edit(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    dimension = dimension_or_404(rubric_pk=pk, dimension_pk=dimension_pk)
    rubric = dimension.rubric
    form = AnchorsForm(posted(request), rubric=rubric, anchors=anchors_of(dimension))
    return edit_page(
        request,
        rubric=rubric,
        form=form,
        template="rubrics/editor/anchors_form.html",
        context={"dimension": dimension},
        save=lambda: _saved(
            update_anchors(dimension=dimension, by=request.user, descriptions=form.descriptions())
        ),
        done=detail_url(rubric, dimension),
    )


@role_required(roles.RUBRIC_ADMIN)
def criterion_add(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    dimension = dimension_or_404(rubric_pk=pk, dimension_pk=dimension_pk)
    form = CriterionForm(posted(request), instance=Criterion(dimension=dimension))

    def save() -> str:
        add_criterion(dimension=dimension, by=request.user, values=form.texts())
        return _("Criterion added.")

    return edit_page(
        request,
        rubric=dimension.rubric,
        form=form,
        template="rubrics/editor/criterion_form.html",
        context={"dimension": dimension, "adding": True},
        save=save,
        done=detail_url(dimension.rubric, dimension),
    )


@role_required(roles.RUBRIC_ADMIN)
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = criterion_or_404(rubric_pk=pk, criterion_pk=criterion_pk)
    dimension = criterion.dimension
    form = CriterionForm(posted(request), instance=criterion)
    return edit_page(
        request,
        rubric=dimension.rubric,
        form=form,
        template="rubrics/editor/criterion_form.html",
        context={"dimension": dimension, "criterion": criterion},
        save=lambda: _saved(
            update_criterion(criterion=criterion, by=request.user, values=form.texts())
        ),
        done=detail_url(dimension.rubric, dimension),
    )


@role_required(roles.RUBRIC_ADMIN)
def criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = criterion_or_404(rubric_pk=pk, criterion_pk=criterion_pk)
    dimension = criterion.dimension

    def save() -> str:
        remove_criterion(criterion=criterion, by=request.user)
        return _("Criterion “%(name)s” removed.") % {"name": criterion}

    return edit_page(
        request,
        rubric=dimension.rubric,
        form=ConfirmForm(posted(request)),
        template="rubrics/editor/remove_confirm.html",
        context={
            "thing": criterion,
            "dimension": dimension,
            "questions": question_count_of(criterion),
        },
        save=save,
        done=detail_url(dimension.rubric, dimension),
    )
