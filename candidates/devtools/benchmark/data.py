"""Benchmark rows written fast: ids allocated here, rows streamed by COPY or executemany.

Building 100,000 applications (3 million scores) through model instances
takes minutes; here each table's row is a tuple of column values, with the
model's own defaults (prepared once per table by the model's fields) for
every column not given, so a new column with a default needs no change.
"""

import random
from collections.abc import Iterable, Iterator, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
)
from rubrics.models import Rubric

BATCH = 5000  # rows per executemany on SQLite


def plausible_score(rng: random.Random, ability: float) -> int:
    """A rater's score around the candidate's ability: raters mostly agree, as in real panels."""
    return min(5, max(1, round(ability + rng.gauss(0, 0.6))))


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def column_defaults(model) -> tuple[list[str], list]:
    """The model's columns and, for each, the value a new instance would be saved with."""
    instance = model()
    fields = [f for f in model._meta.concrete_fields]
    values = [f.get_db_prep_save(f.pre_save(instance, add=True), connection) for f in fields]
    return [f.attname for f in fields], values


def insert_rows(model, given: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert `rows` (values of the `given` fields, the pk among them) into the model's table.

    COPY on PostgreSQL, executemany in batches elsewhere; the pk sequence is
    moved past the new ids afterwards, so later saves get fresh ids.
    """
    names, defaults = column_defaults(model)
    at = [names.index(name) for name in given]

    def full(row: tuple) -> list:
        values = defaults.copy()
        for position, value in zip(at, row, strict=True):
            values[position] = value
        return values

    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(full(row))
        else:
            marks = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            for chunk in batches((full(row) for row in rows), BATCH):
                cursor.executemany(sql, chunk)
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


def batches(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build_opening(
    title: str, *, applications: int, scorecards: int, awaiting: int = 0, seed: int = 1
) -> Opening:
    """An opening with `applications` x `scorecards` submitted cards x every dimension.

    Each of its `scorecards` interviewers scores every application (one
    round each). With `awaiting`, each application also gets that many
    interviews (rounds "Awaiting 0", ...) with one more interviewer and no
    scorecard yet.
    """
    rubric = Rubric.objects.get(is_default=True)
    opening = Opening.objects.create(title=title, rubric=rubric)
    raters = [Interviewer.objects.create(name=f"{title} rater {k}").pk for k in range(scorecards)]
    now = timezone.now()
    candidate, application = next_id(Candidate), next_id(Application)
    insert_rows(
        Candidate,
        ["id", "name"],
        ((candidate + k, f"{title} candidate {k}") for k in range(applications)),
    )
    insert_rows(
        Application,
        ["id", "candidate_id", "opening_id", "stage"],
        ((application + k, candidate + k, opening.pk, "interviewing") for k in range(applications)),
    )
    add_scorecards(
        first_application=application,
        applications=applications,
        raters=raters,
        dimensions=list(rubric.dimensions.values_list("pk", flat=True)),
        rng=random.Random(seed),
        at=now,
    )
    if awaiting:
        add_awaiting(opening, title=title, rounds=awaiting, at=now)
    return opening


def add_scorecards(
    *,
    first_application: int,
    applications: int,
    raters: list[int],
    dimensions: list[int],
    rng: random.Random,
    at,
) -> None:
    """Each rater's submitted scorecard on each application, scored on every dimension.

    Card n is rater n % len(raters) on application n // len(raters), its own
    round; the scores scatter around an ability drawn per application.
    """
    per = len(raters)
    cards = applications * per
    interview, scorecard, score = next_id(Interview), next_id(Scorecard), next_id(Score)
    insert_rows(
        Interview,
        ["id", "application_id", "interviewer_id", "round_name", "scheduled_at"],
        (
            (interview + n, first_application + n // per, raters[n % per], f"Round {n % per}", at)
            for n in range(cards)
        ),
    )
    insert_rows(
        Scorecard,
        ["id", "interview_id", "submitted_at", "recommendation"],
        ((scorecard + n, interview + n, at, "yes") for n in range(cards)),
    )
    ability = [rng.gauss(3, 0.7) for _ in range(applications)]
    insert_rows(
        Score,
        ["id", "scorecard_id", "dimension_id", "value"],
        (
            (
                score + n * len(dimensions) + j,
                scorecard + n,
                dimension,
                plausible_score(rng, ability[n // per]),
            )
            for n in range(cards)
            for j, dimension in enumerate(dimensions)
        ),
    )


def add_awaiting(opening: Opening, *, title: str, rounds: int, at) -> None:
    """`rounds` interviews per application with one more interviewer, no scorecard yet."""
    waiting = Interviewer.objects.create(name=f"{title} waiting rater").pk
    ids = Application.objects.filter(opening=opening).order_by("pk").values_list("pk", flat=True)
    start = next_id(Interview)
    insert_rows(
        Interview,
        ["id", "application_id", "interviewer_id", "round_name", "scheduled_at"],
        (
            (start + k * rounds + n, app, waiting, f"Awaiting {n}", at)
            for k, app in enumerate(ids)
            for n in range(rounds)
        ),
    )
