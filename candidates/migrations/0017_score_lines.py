"""Score lines: each scorecard's scores as one line of text, kept by triggers.

The rankings read a scorecard's scores from its line (candidates.models.ScoreLine)
instead of pivoting its ten score rows. Triggers on the score table keep every
line in step with the scores inside the writing statement, whatever wrote them;
a trigger on the scorecard table drops the line with its scorecard. PostgreSQL
rewrites the lines of a statement's scorecards once per statement (transition
tables), so a bulk insert of 300,000 scores is one pass; SQLite has only
row-level triggers, each rewriting one scorecard's line of at most ten scores.
"""

from django.db import migrations, models

import rubrics.models

POSTGRESQL = """
CREATE FUNCTION candidates_write_score_lines(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO candidates_scoreline (scorecard_id, pairs)
    SELECT c.id,
           COALESCE(
               string_agg(s.dimension_id || ',' || s.value, ',' ORDER BY s.dimension_id)
                   FILTER (WHERE s.value IS NOT NULL),
               '')
    FROM candidates_scorecard c
    LEFT JOIN candidates_score s ON s.scorecard_id = c.id
    WHERE c.id = ANY(ids)
    GROUP BY c.id
    ON CONFLICT (scorecard_id) DO UPDATE SET pairs = EXCLUDED.pairs;
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

CREATE FUNCTION candidates_scorecards_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM candidates_scoreline WHERE scorecard_id IN (SELECT id FROM old_rows);
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
CREATE TRIGGER candidates_scorecards_deleted AFTER DELETE ON candidates_scorecard
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION candidates_scorecards_deleted();

SELECT candidates_write_score_lines(ARRAY(SELECT id FROM candidates_scorecard));
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER candidates_scores_inserted ON candidates_score;
DROP TRIGGER candidates_scores_deleted ON candidates_score;
DROP TRIGGER candidates_scores_updated ON candidates_score;
DROP TRIGGER candidates_scorecards_deleted ON candidates_scorecard;
DROP FUNCTION candidates_scores_inserted();
DROP FUNCTION candidates_scores_deleted();
DROP FUNCTION candidates_scores_updated();
DROP FUNCTION candidates_scorecards_deleted();
DROP FUNCTION candidates_write_score_lines(bigint[]);
"""


def sqlite_line(card: str) -> str:
    """An upsert of the line of the scorecard whose id is the SQL expression `card`."""
    return f"""
        INSERT INTO candidates_scoreline (scorecard_id, pairs)
        SELECT c.id, COALESCE(
            (SELECT group_concat(s.dimension_id || ',' || s.value, ',')
             FROM candidates_score s WHERE s.scorecard_id = c.id AND s.value IS NOT NULL),
            '')
        FROM candidates_scorecard c WHERE {card} = c.id
        ON CONFLICT (scorecard_id) DO UPDATE SET pairs = excluded.pairs;"""


SQLITE = [
    f"""CREATE TRIGGER candidates_scores_inserted AFTER INSERT ON candidates_score
        BEGIN {sqlite_line("NEW.scorecard_id")} END""",
    f"""CREATE TRIGGER candidates_scores_deleted AFTER DELETE ON candidates_score
        BEGIN {sqlite_line("OLD.scorecard_id")} END""",
    f"""CREATE TRIGGER candidates_scores_updated
        AFTER UPDATE OF scorecard_id, dimension_id, value ON candidates_score
        BEGIN {sqlite_line("OLD.scorecard_id")} {sqlite_line("NEW.scorecard_id")} END""",
    """CREATE TRIGGER candidates_scorecards_deleted AFTER DELETE ON candidates_scorecard
        BEGIN DELETE FROM candidates_scoreline WHERE scorecard_id = OLD.id; END""",
    # Every scorecard already there: the same upsert, for all of them at once.
    sqlite_line("c.id"),
]

SQLITE_REVERSE = [
    "DROP TRIGGER candidates_scores_inserted",
    "DROP TRIGGER candidates_scores_deleted",
    "DROP TRIGGER candidates_scores_updated",
    "DROP TRIGGER candidates_scorecards_deleted",
]


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
