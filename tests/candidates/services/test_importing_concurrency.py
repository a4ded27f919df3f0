"""Two imports at once naming the same new opening and candidate: no 500, no duplicates."""

import threading
from unittest import mock

import pytest

from candidates.models import Candidate, Opening, Scorecard
from candidates.services import importing
from tests.concurrency import on_postgresql, run_together

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]

HEADER = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation"


def one_file(interviewer: str, round_name: str) -> bytes:
    line = f"AM Hangzhou,Wu Lei,wu.lei@example.com,{interviewer},{round_name},experience,4,,yes"
    return f"{HEADER}\n{line}\n".encode()


def test_two_imports_creating_the_same_opening_make_one():
    # Each import pauses after reading what exists (up to 2 s) so that, without the
    # import lock, both would read "no such opening" before either writes.
    both_read = threading.Barrier(2, timeout=2)
    real_load = importing.load_existing

    def slow_load(rows):
        found = real_load(rows)
        try:
            both_read.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    with mock.patch.object(importing, "load_existing", slow_load):
        results = run_together(
            lambda: importing.import_scorecards(one_file("Ma Li", "Phone"), entered_by=None),
            lambda: importing.import_scorecards(one_file("Ye Fan", "Final"), entered_by=None),
        )
    assert [type(result).__name__ for result in results] == ["ImportReport", "ImportReport"]
    assert Opening.objects.filter(title="AM Hangzhou").count() == 1
    assert Candidate.objects.filter(email="wu.lei@example.com").count() == 1
    assert Scorecard.objects.submitted().count() == 2
