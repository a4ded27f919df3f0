"""An opening moved to a new rubric version while an import or a scorecard writes to it."""

import threading
from unittest import mock

import pytest
from django.db import connection

from candidates.models import Opening, Score
from candidates.services import importing
from candidates.services.openings import move_opening_to_rubric
from rubrics.models import Rubric
from rubrics.services import create_version
from tests.concurrency import on_postgresql
from tests.factories import OpeningFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]

HEADER = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation"


def test_a_move_during_an_import_carries_the_imported_scores_along():
    rubric = Rubric.objects.get(is_default=True)
    opening = OpeningFactory(rubric=rubric, title="AM Ningbo")
    version = create_version(rubric=rubric, by=None, reason="v2")
    line = "AM Ningbo,Xu Ke,xu.ke@example.com,Ma Li,Phone,experience,4,,yes"
    data = f"{HEADER}\n{line}\n".encode()
    import_has_read = threading.Event()
    real_load = importing.load_existing

    def slow_load(rows):
        found = real_load(rows)
        import_has_read.set()
        # Without the opening lock the move would now finish before the import writes.
        threading.Event().wait(1.5)
        return found

    errors = []

    def run(call):
        try:
            call()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    def move():
        import_has_read.wait(10)
        move_opening_to_rubric(opening=Opening.objects.get(pk=opening.pk), rubric=version, by=None)

    with mock.patch.object(importing, "load_existing", slow_load):
        threads = [
            threading.Thread(
                target=run, args=(lambda: importing.import_scorecards(data, entered_by=None),)
            ),
            threading.Thread(target=run, args=(move,)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert errors == []
    assert Opening.objects.get(pk=opening.pk).rubric_id == version.pk
    scores = Score.objects.filter(scorecard__interview__application__opening=opening)
    assert scores.count() == 1
    assert set(scores.values_list("dimension__rubric", flat=True)) == {version.pk}
