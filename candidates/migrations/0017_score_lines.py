"""Score lines: each scorecard as the rankings read it, kept by triggers.

A line (candidates.models.ScoreLine) holds a scorecard's opening, application,
interviewer, whether it is submitted, and its scores as one line of text. Every
trigger below rewrites the whole line of the scorecards its statement touched,
from the tables themselves, so a line is right whatever order the writes come
in: a score inserted, changed or deleted; a scorecard created, submitted,
withdrawn or moved; an interview given another application or interviewer; an
application moved to another opening. Deleting a scorecard deletes its line.
PostgreSQL rewrites the lines once per statement (transition tables), so a
bulk insert of 300,000 scores is one pass; SQLite has only row-level triggers.
"""

from django.db import migrations, models

import rubrics.models

POSTGRESQL = """
CREATE FUNCTION candidates_write_score_lines(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO candidates_scoreline
        (scorecard_id, opening_id, application_id, interviewer_id, submitted, pairs)
    SELECT c.id, a.opening_id, i.application_id, i.interviewer_id, c.submitted_at IS NOT NULL,
           COALESCE(
               (SELECT string_agg(s.dimension_id || ',' || s.value, ',' ORDER BY s.dimension_id)
                FROM candidates_score s WHERE s.scorecard_id = c.id AND s.value IS NOT NULL),
               '')
    FROM candidates_scorecard c
    JOIN candidates_interview i ON i.id = c.interview_id
    JOIN candidates_application a ON a.id = i.application_id
    WHERE c.id = ANY(ids)
    ON CONFLICT (scorecard_id) DO UPDATE SET
        opening_id = EXCLUDED.opening_id,
        application_id = EXCLUDED.application_id,
        interviewer_id = EXCLUDED.interviewer_id,
        submitted = EXCLUDED.submitted,
        pairs = EXCLUDED.pairs;
$$;

CREATE FUNCTION candidates_scores_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(SELECT DISTINCT scorecard_id FROM new_rows));
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_scores_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(SELECT DISTINCT scorecard_id FROM old_rows));
    RETURN NULL;
END $$;

-- Only rows whose scorecard, dimension or value changed (not an evidence-only edit).
CREATE FUNCTION candidates_scores_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(
        SELECT card FROM old_rows o JOIN new_rows n ON n.id = o.id,
               LATERAL (VALUES (o.scorecard_id), (n.scorecard_id)) AS cards(card)
        WHERE (o.scorecard_id, o.dimension_id, o.value)
              IS DISTINCT FROM (n.scorecard_id, n.dimension_id, n.value)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_scorecards_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_scorecards_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(
        SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.interview_id, o.submitted_at IS NULL)
              IS DISTINCT FROM (n.interview_id, n.submitted_at IS NULL)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_scorecards_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM candidates_scoreline WHERE scorecard_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_interviews_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(
        SELECT c.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN candidates_scorecard c ON c.interview_id = n.id
        WHERE (o.application_id, o.interviewer_id)
              IS DISTINCT FROM (n.application_id, n.interviewer_id)
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION candidates_applications_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM candidates_write_score_lines(ARRAY(
        SELECT c.id FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN candidates_interview i ON i.application_id = n.id
        JOIN candidates_scorecard c ON c.interview_id = i.id
        WHERE o.opening_id IS DISTINCT FROM n.opening_id
    ));
    RETURN NULL;
END $$;

CREATE TRIGGER candidates_scores_inserted AFTER INSERT ON candidates_score
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scores_inserted();
CREATE TRIGGER candidates_scores_deleted AFTER DELETE ON candidates_score
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scores_deleted();
CREATE TRIGGER candidates_scores_updated AFTER UPDATE ON candidates_score
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scores_updated();
CREATE TRIGGER candidates_scorecards_inserted AFTER INSERT ON candidates_scorecard
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scorecards_inserted();
CREATE TRIGGER candidates_scorecards_updated AFTER UPDATE ON candidates_scorecard
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scorecards_updated();
CREATE TRIGGER candidates_scorecards_deleted AFTER DELETE ON candidates_scorecard
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scorecards_deleted();
CREATE TRIGGER candidates_interviews_updated AFTER UPDATE ON candidates_interview
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_interviews_updated();
CREATE TRIGGER candidates_applications_updated AFTER UPDATE ON candidates_application
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_applications_updated();

SELECT candidates_write_score_lines(ARRAY(SELECT id FROM candidates_scorecard));
"""

TRIGGERS = [
    ("scores_inserted", "candidates_score"),
    ("scores_deleted", "candidates_score"),
    ("scores_updated", "candidates_score"),
    ("scorecards_inserted", "candidates_scorecard"),
    ("scorecards_updated", "candidates_scorecard"),
    ("scorecards_deleted", "candidates_scorecard"),
    ("interviews_updated", "candidates_interview"),
    ("applications_updated", "candidates_application"),
]

POSTGRESQL_REVERSE = "\n".join(
    [f"DROP TRIGGER candidates_{name} ON {table};" for name, table in TRIGGERS]
    + [f"DROP FUNCTION candidates_{name}();" for name, _table in TRIGGERS]
    + ["DROP FUNCTION candidates_write_score_lines(bigint[]);"]
)


def sqlite_lines(where: str) -> str:
    """An upsert of the lines of the scorecards `c` matching the SQL condition `where`."""
    return f"""
        INSERT INTO candidates_scoreline
            (scorecard_id, opening_id, application_id, interviewer_id, submitted, pairs)
        SELECT c.id, a.opening_id, i.application_id, i.interviewer_id,
               c.submitted_at IS NOT NULL,
               COALESCE(
                   (SELECT group_concat(s.dimension_id || ',' || s.value, ',')
                    FROM candidates_score s WHERE s.scorecard_id = c.id AND s.value IS NOT NULL),
                   '')
        FROM candidates_scorecard c
        JOIN candidates_interview i ON i.id = c.interview_id
        JOIN candidates_application a ON a.id = i.application_id
        WHERE {where}
        ON CONFLICT (scorecard_id) DO UPDATE SET
            opening_id = excluded.opening_id,
            application_id = excluded.application_id,
            interviewer_id = excluded.interviewer_id,
            submitted = excluded.submitted,
            pairs = excluded.pairs;"""


SQLITE = [
    f"""CREATE TRIGGER candidates_scores_inserted AFTER INSERT ON candidates_score
        BEGIN {sqlite_lines("c.id = NEW.scorecard_id")} END""",
    f"""CREATE TRIGGER candidates_scores_deleted AFTER DELETE ON candidates_score
        BEGIN {sqlite_lines("c.id = OLD.scorecard_id")} END""",
    f"""CREATE TRIGGER candidates_scores_updated
        AFTER UPDATE OF scorecard_id, dimension_id, value ON candidates_score
        BEGIN {sqlite_lines("c.id IN (OLD.scorecard_id, NEW.scorecard_id)")} END""",
    f"""CREATE TRIGGER candidates_scorecards_inserted AFTER INSERT ON candidates_scorecard
        BEGIN {sqlite_lines("c.id = NEW.id")} END""",
    f"""CREATE TRIGGER candidates_scorecards_updated
        AFTER UPDATE OF interview_id, submitted_at ON candidates_scorecard
        BEGIN {sqlite_lines("c.id = NEW.id")} END""",
    """CREATE TRIGGER candidates_scorecards_deleted AFTER DELETE ON candidates_scorecard
        BEGIN DELETE FROM candidates_scoreline WHERE scorecard_id = OLD.id; END""",
    f"""CREATE TRIGGER candidates_interviews_updated
        AFTER UPDATE OF application_id, interviewer_id ON candidates_interview
        BEGIN {sqlite_lines("c.interview_id = NEW.id")} END""",
    f"""CREATE TRIGGER candidates_applications_updated
        AFTER UPDATE OF opening_id ON candidates_application
        BEGIN {sqlite_lines("i.application_id = NEW.id")} END""",
    # Every scorecard already there.
    sqlite_lines("true"),
]

SQLITE_REVERSE = [f"DROP TRIGGER candidates_{name}" for name, _table in TRIGGERS]


def run(statements: dict):
    def apply(apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"Score lines need triggers written for {vendor}.")
        sql = statements[vendor]
        for statement in [sql] if isinstance(sql, str) else sql:
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0016_interviewer_language"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreLine",
            fields=[
                (
                    "scorecard",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="score_line",
                        serialize=False,
                        to="candidates.scorecard",
                        verbose_name="scorecard",
                    ),
                ),
                (
                    "opening",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="candidates.opening",
                        verbose_name="opening",
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="candidates.application",
                        verbose_name="application",
                    ),
                ),
                (
                    "interviewer",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.DO_NOTHING,
                        related_name="+",
                        to="candidates.interviewer",
                        verbose_name="interviewer",
                    ),
                ),
                ("submitted", models.BooleanField(verbose_name="submitted")),
                (
                    "pairs",
                    models.TextField(
                        blank=True,
                        editable=False,
                        validators=[rubrics.models.TextLengthValidator(4000)],
                        verbose_name="scores",
                    ),
                ),
            ],
            options={
                "verbose_name": "score line",
                "verbose_name_plural": "score lines",
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
