"""No index repeats the leading column of a unique constraint's index (issue 18)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

COVERED = [
    ("candidates_score", "scorecard_id", ["scorecard_id", "dimension_id"]),
    ("candidates_application", "candidate_id", ["candidate_id", "opening_id"]),
    ("candidates_interview", "application_id", ["application_id", "interviewer_id", "round_name"]),
]


@pytest.mark.parametrize(("table", "column", "unique"), COVERED)
def test_a_foreign_key_led_by_a_unique_index_has_no_index_of_its_own(table, column, unique):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexes = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert unique in indexes  # the lookups by `column` use this one
    assert [column] not in indexes
