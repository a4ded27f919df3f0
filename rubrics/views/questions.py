"""The question bank of a criterion: readers read it, rubric admins add, edit, retire and
restore questions (also on a rubric in use: questions change no score).

Every write is recorded by rubrics.services.questions; an edit overtaken by
another one is refused with the newer texts shown (StaleQuestion).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiring import roles
from hiring.roles import has_role, role_required
from rubrics.forms import QuestionAddForm, QuestionForm
from rubrics.models import Question
from rubrics.selectors import (
    criterion_or_404,
    question_changes_of,
    question_or_404,
    questions_of,
)
from rubrics.services.questions import (
    StaleQuestion,
    add_question,
    edit_question,
    fingerprint,
    restore_question,
    retire_question,
)
from rubrics.views.editor import add_errors, posted


@role_required(*roles.READERS)
def question_bank(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = criterion_or_404(rubric_pk=pk, criterion_pk=criterion_pk)
    active, retired = questions_of(criterion)
    context = {
        "rubric": criterion.dimension.rubric,
        "criterion": criterion,
        "active": active,
        "retired": retired,
    }
    return render(request, "rubrics/editor/question_bank.html", context)


@role_required(roles.RUBRIC_ADMIN)
def question_add(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = criterion_or_404(rubric_pk=pk, criterion_pk=criterion_pk)
    form = QuestionAddForm(posted(request), instance=Question(criterion=criterion))
    if request.method == "POST" and form.is_valid():
        try:
            question = add_question(
                criterion=criterion,
                by=request.user,
                values=form.texts(),
                key=form.cleaned_data["key"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Question added with the key %(key)s.") % {"key": question.key}
            )
            return redirect("rubrics:question-bank", pk, criterion.pk)
    context = {"rubric": criterion.dimension.rubric, "criterion": criterion, "form": form}
    return render(request, "rubrics/editor/question_form.html", context)


@role_required(*roles.READERS)
def question_edit(
    request: HttpRequest, pk: int, criterion_pk: int, question_pk: int
) -> HttpResponse:
    """Readers see the question and its history; rubric admins may also save (POST)."""
    question = question_or_404(rubric_pk=pk, criterion_pk=criterion_pk, question_pk=question_pk)
    may_edit = has_role(request.user, roles.RUBRIC_ADMIN)
    if request.method == "POST" and not may_edit:
        return render(request, "403.html", status=403)
    initial = {"fingerprint": fingerprint(question)}
    form = QuestionForm(posted(request), instance=question, initial=initial)
    newer = None
    if request.method == "POST" and form.is_valid():
        try:
            change = edit_question(
                question=question,
                by=request.user,
                values=form.texts(),
                expected=form.cleaned_data["fingerprint"],
            )
        except StaleQuestion as stale:
            newer = overtaken(request, form, stale)
        except ValidationError as error:
            add_errors(form, error)
        else:
            saved = _("Question saved.") if change else _("Nothing changed.")
            messages.success(request, saved)
            return redirect("rubrics:question-bank", pk, criterion_pk)
    context = {
        "rubric": question.criterion.dimension.rubric,
        "criterion": question.criterion,
        "question": question,
        "form": form,
        "may_edit": may_edit,
        "newer": newer,
        "changes": question_changes_of(question),
    }
    return render(request, "rubrics/editor/question_form.html", context)


def overtaken(request: HttpRequest, form: QuestionForm, stale: StaleQuestion) -> Question:
    """Someone saved first: say who and when; the form keeps what was typed but now
    carries the newer version, so saving again (after comparing) overwrites on purpose."""
    change = stale.change
    messages.error(
        request,
        _(
            "%(who)s changed this question at %(when)s while you were editing. Nothing of "
            "yours was saved: compare with their text below, then save again to replace it."
        )
        % {
            "who": change.changed_by if change and change.changed_by else _("Someone"),
            "when": localize(localtime(change.changed_at)) if change else "—",
        },
    )
    data = form.data.copy()
    data["fingerprint"] = fingerprint(stale.question)
    form.data = data
    return stale.question


@role_required(roles.RUBRIC_ADMIN)
@require_POST
def question_retire(
    request: HttpRequest, pk: int, criterion_pk: int, question_pk: int
) -> HttpResponse:
    question = question_or_404(rubric_pk=pk, criterion_pk=criterion_pk, question_pk=question_pk)
    try:
        retire_question(question=question, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Question retired; it stays under “Retired”, with its history, and can be restored."),
        )
    return redirect("rubrics:question-bank", pk, criterion_pk)


@role_required(roles.RUBRIC_ADMIN)
@require_POST
def question_restore(
    request: HttpRequest, pk: int, criterion_pk: int, question_pk: int
) -> HttpResponse:
    question = question_or_404(rubric_pk=pk, criterion_pk=criterion_pk, question_pk=question_pk)
    try:
        restore_question(question=question, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Question restored."))
    return redirect("rubrics:question-bank", pk, criterion_pk)
