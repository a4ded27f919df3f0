"""The debrief page's form: one note of the hiring team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.forms.fields import long_text, submit_helper
from candidates.models import DebriefNote


class DebriefNoteForm(forms.Form):
    text = long_text(DebriefNote, "text", rows=4)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("New debrief note")
        self.fields["text"].help_text = _(
            "Seen by HR and the hiring team. A note never changes a submitted score."
        )
        # Posts back to the debrief page itself.
        self.helper = submit_helper(_("Add note"))
