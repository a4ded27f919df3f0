"""Debrief notes: what the hiring team says about an application, kept apart from the scores.

A note never touches a scorecard or a score: the ratings stay those the
interviewers submitted, whatever the debrief concludes.
"""

from django.db import transaction

from candidates.models import Application, DebriefNote


def add_debrief_note(*, application: Application, author, text: str) -> DebriefNote:
    """Save a note by `author` on `application`, now.

    `text` is stripped; empty text or text past MAX_TEXT characters raises
    ValidationError (the model's own validators, so the admin refuses the same).
    Who may write is the page's check (`may_add_debrief_notes`).
    """
    note = DebriefNote(application=application, author=author, text=text.strip())
    note.full_clean(exclude=["application", "author"])
    with transaction.atomic():
        note.save()
    return note
