"""The scorecard import's upload and template forms."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models import (
    Opening,
    OpeningStatus,
)
from candidates.selectors.imports import importable_openings
from rubrics.models import Rubric
from rubrics.selectors import default_rubric


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "CSV UTF-8 or an Excel workbook (.xlsx, its first sheet), one row per score; "
            "see the column list below."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _("Old Excel files (.xls) are not read: save it as .xlsx or as CSV UTF-8.")
            )
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        # The upload's own size; an .xlsx is also held to a limit on what it unpacks to.
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportTemplateForm(forms.Form):
    """The opening, or the rubric, whose template file HR downloads (a GET form on the
    import page); neither: a new opening on the default rubric."""

    opening = forms.ModelChoiceField(
        queryset=Opening.objects.none(),
        required=False,
        label=_("Opening"),
        help_text=_(
            "One row per dimension with the opening and the dimension code filled in: add "
            "the candidate, interviewer, round and score, copy the rows for each further "
            "scorecard, and save the file as CSV UTF-8 or Excel workbook (.xlsx)."
        ),
    )
    # Chosen by the links beside each rubric's codes on the page, which lists the rubrics already.
    rubric = forms.ModelChoiceField(
        queryset=Rubric.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        label=_("Rubric"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = importable_openings()
        rubric = default_rubric()
        self.fields["opening"].empty_label = (
            _("A new opening (default rubric “%(rubric)s”)") % {"rubric": rubric}
            if rubric
            else _("A new opening")
        )
        # The rubrics a file can score on: the default (new openings) and any open opening's.
        self.fields["rubric"].queryset = (
            Rubric.objects.filter(Q(is_default=True) | Q(openings__status=OpeningStatus.OPEN))
            .distinct()
            .order_by("-is_default", "name", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opening") and cleaned.get("rubric"):
            self.add_error("rubric", _("Choose an opening or a rubric, not both."))
        return cleaned
