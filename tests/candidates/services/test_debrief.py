"""Debrief notes: saved stripped, refused when empty or too long, scores never touched."""

import pytest
from django.core.exceptions import ValidationError

from candidates.models import MAX_TEXT, DebriefNote
from candidates.services.debrief import add_debrief_note
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_note_is_saved_stripped_with_author_and_time(hr):
    application = ApplicationFactory()
    note = add_debrief_note(application=application, author=hr, text="  Check references.\n")
    assert (note.text, note.author, note.application) == ("Check references.", hr, application)
    assert note.written_at is not None


@pytest.mark.parametrize("text", ["", "  \n", "x" * (MAX_TEXT + 1)], ids=["empty", "blank", "long"])
def test_empty_or_too_long_note_is_refused(hr, text):
    with pytest.raises(ValidationError) as refused:
        add_debrief_note(application=ApplicationFactory(), author=hr, text=text)
    assert "text" in refused.value.message_dict
    assert not DebriefNote.objects.exists()
