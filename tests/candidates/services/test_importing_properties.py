"""Property tests (hypothesis) of the CSV import: any file is imported whole or rejected whole.

Example counts are modest so the suite stays fast; a failure prints the
smallest input hypothesis found.
"""

import string

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
)
from candidates.services.importing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportRejected,
    import_scorecards,
)
from tests.factories import DEFAULT_CODES

MODELS = (Opening, Candidate, Application, Interviewer, Interview, Scorecard, Score)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in MODELS)


def import_or_reject(data: bytes | str) -> None:
    """Import `data` in a savepoint rolled back afterwards, checking the all-or-nothing promise."""
    with transaction.atomic():
        before = counts()
        try:
            import_scorecards(data, entered_by=None)
            event("imported")
        except ImportRejected as rejection:
            event("rejected")
            assert rejection.errors, "a rejection names at least one problem"
            assert all(error.message.startswith("line ") for error in rejection.errors)
            assert counts() == before, "a rejected file wrote something"
        transaction.set_rollback(True)


# Cells that are valid, nearly valid or hostile, so whole files get through sometimes.
cells = {
    "opening": st.sampled_from(["Sales", "销售", "", " Sales ", "S" * 201]),
    "candidate": st.sampled_from(["Ann", "张伟", "", "Ann\x00", "A" * 201]),
    "email": st.sampled_from(["", "ann@example.com", "ANN@example.com", "bo@example.com", "x@"]),
    "interviewer": st.sampled_from(["Bo", "李娜", "", "Bo, Jr"]),
    "round": st.sampled_from(["First", "Final", "", "R" * 101]),
    "dimension": st.sampled_from([*DEFAULT_CODES[:3], "EXPERIENCE", "ethic", ""]),
    "score": st.one_of(
        st.sampled_from(["", "1", "5", "3.0", "0", "6", "-1", "4.5", "three", "+2", "3."]),
        st.integers(min_value=-(10**400), max_value=10**400).map(str),
    ),
    "evidence": st.one_of(st.text(max_size=30), st.just("e" * 4001)),
    "recommendation": st.sampled_from(["", "yes", "Strong yes", "strong-no", "maybe"]),
}


@st.composite
def csv_files(draw) -> str:
    # Usually every required column (so rows get checked), in any order.
    required = draw(st.lists(st.sampled_from(REQUIRED_COLUMNS), unique=True, min_size=5))
    optional = draw(st.lists(st.sampled_from(["email", "evidence", "recommendation"]), unique=True))
    columns = draw(st.permutations([*required, *optional]))
    rows = draw(st.lists(st.tuples(*(cells[c] for c in columns)), min_size=0, max_size=6))
    lines = [",".join(columns)]
    for values in rows:
        lines.append(",".join('"' + value.replace('"', '""') + '"' for value in values))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"


SLOW_DB = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@SLOW_DB
@given(csv_files())
def test_any_csv_is_imported_whole_or_rejected_whole(default_rubric, text):
    import_or_reject(text.encode())


@pytest.mark.django_db
@SLOW_DB
@given(st.binary(max_size=300))
def test_any_bytes_are_imported_or_rejected(default_rubric, data):
    import_or_reject(data)


@pytest.mark.django_db
@SLOW_DB
@given(st.text(alphabet=string.printable + ',"\x00\r\n\ufeff张', max_size=300))
def test_any_text_is_imported_or_rejected(default_rubric, text):
    import_or_reject(text)


@pytest.mark.django_db
def test_a_huge_score_is_outside_the_scale_not_a_crash(default_rubric):
    digits = "1" + "0" * 400
    header = ",".join(COLUMNS)
    row = f"Sales,Ann,,Bo,First,experience,{digits},,"
    with pytest.raises(ImportRejected) as rejection:
        import_scorecards(f"{header}\n{row}\n", entered_by=None)
    assert "is outside the scale" in rejection.value.errors[0].message
