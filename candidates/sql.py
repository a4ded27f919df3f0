"""Reading ORM queries straight from the cursor, for the numeric pages."""

from django.db import connection


def fetch_rows(query) -> list[tuple]:
    """Rows of an ORM query read straight from the cursor.

    Per-value conversion by the ORM would cost more than the query itself
    on a large opening; the columns read this way are numbers and plain strings.
    """
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
