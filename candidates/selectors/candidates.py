"""Reads about candidates: search, the candidate page's dossier, evidence, the audit."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import override

from candidates.models import (
    Application,
    AuditEntry,
    Candidate,
    ClientSize,
    Interview,
    Opening,
    Score,
)
from candidates.scoring.matrix import average_of_means
from candidates.scoring.summaries import DimensionSummary, summarize
from candidates.scoring.tags import (
    spellings_by_key,
    spellings_containing,
    spellings_equal_to,
    tag_key,
)
from candidates.selectors.access import (
    candidates_for_user,
    sees_every_opening,
    sees_listed_contacts,
    within_openings,
)
from candidates.selectors.caching import cached, opening_version
from candidates.selectors.history import TimelineEntry, application_timeline, timeline_prefetches
from candidates.selectors.matrix import opening_matrix

# The candidate fields holding free tags; client segments hold ClientSize values.
TAG_FIELDS = ("crm_systems", "industries")
SEGMENTS = "client_segments"


@dataclass(frozen=True)
class CandidateFilters:
    """What the candidate list (and the shortlist) narrows to; every part is optional
    and the parts combine (AND); the values inside one part are alternatives (any of)."""

    text: str = ""  # name, e-mail (for who may read it), company, or a tag or segment
    crm_systems: tuple[str, ...] = ()
    client_segments: tuple[str, ...] = ()  # ClientSize values
    industries: tuple[str, ...] = ()
    years_min: int | None = None
    years_max: int | None = None
    company: str = ""  # part of the current company

    def on_candidates(self) -> bool:
        """True when any part narrows the list."""
        return bool(
            self.text
            or self.crm_systems
            or self.client_segments
            or self.industries
            or self.years_min is not None
            or self.years_max is not None
            or self.company
        )

    def uses_tags(self) -> bool:
        return bool(self.text or self.crm_systems or self.industries)


TagsInUse = dict[str, dict[str, list[str]]]  # field -> tag key -> stored spellings


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(field_name: str) -> str:
    return f"{_quoted(Candidate._meta.db_table)}.{_quoted(field_name)}"


def distinct_tags(fields: Iterable[str] = TAG_FIELDS, scope: QuerySet | None = None) -> TagsInUse:
    """The tags stored on candidates (within `scope` when given), per field, in one query.

    The database lists the distinct combinations of the stored lists in one scan
    (most candidates share a few), which Python splits into tags: at 100,000
    candidates on SQLite, 45 ms against 110 for listing every element with json_each.
    """
    fields = list(fields)
    found: dict[str, set[str]] = {name: set() for name in fields}
    if not fields:
        return {}
    table = _quoted(Candidate._meta.db_table)
    as_text = "::text" if connection.vendor == "postgresql" else ""
    columns = ", ".join(f"{_column(name)}{as_text}" for name in fields)
    sql, params = f"SELECT DISTINCT {columns} FROM {table}", []
    if scope is not None:
        inner, params = scope.order_by().values("pk").query.sql_with_params()
        sql += f" WHERE {table}.{_quoted('id')} IN ({inner})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    parsed: dict = {}
    for row in rows:
        for name, text in zip(fields, row, strict=True):
            if text not in parsed:
                parsed[text] = tags_in(text)
            found[name].update(parsed[text])
    return {name: spellings_by_key(sorted(values)) for name, values in found.items()}


def tags_in(text) -> list[str]:
    """The strings of one stored JSON list (anything else holds none)."""
    try:
        value = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return []
    return [tag for tag in value if isinstance(tag, str)] if isinstance(value, list) else []


def tags_for_user(user) -> TagsInUse:
    """`distinct_tags` of the candidates the user may see (a manager's: their openings')."""
    return distinct_tags(scope=None if sees_every_opening(user) else candidates_for_user(user))


def holds_any(field_name: str, values: list[str]) -> Q:
    """Candidates whose JSON list `field_name` holds one of `values` exactly.

    JSON containment differs per database (SQLite has no `__contains` on JSON, and
    `__icontains` on the text would find "CRM" inside "Zoho CRM" and miss "纷享销客"
    stored as \\u escapes), so the SQL is the database's own: an EXISTS over json_each
    on SQLite, jsonb_exists_any on PostgreSQL.
    """
    if not values:
        return Q(pk__in=[])
    column = _column(field_name)
    if connection.vendor == "postgresql":
        sql, params = f"jsonb_exists_any({column}, %s)", [list(values)]
    else:
        # SQLite keeps the list as the text json.dumps wrote: a quoted element can only
        # be there if its JSON text is, so instr() (a plain substring scan) rules out
        # most rows before json_each parses the few left and compares exactly.
        texts = [json.dumps(value) for value in values]
        marks = ", ".join(["%s"] * len(values))
        present = " OR ".join([f"instr({column}, %s) > 0"] * len(values))
        sql = (
            f"(({present}) AND EXISTS (SELECT 1 FROM json_each({column}) "
            f"WHERE json_each.value IN ({marks})))"
        )
        params = [*texts, *values]
    return Q(RawSQL(sql, params, output_field=BooleanField()))


def segments_labelled(text: str) -> list[str]:
    """ClientSize values whose label, in English or Chinese, holds `text`."""
    key = tag_key(text)
    found = []
    for value, label in ClientSize.choices:
        labels = [str(label)]
        for language in ("en", "zh-hans"):
            with override(language):
                labels.append(str(label))
        if key and any(key in tag_key(shown) for shown in labels):
            found.append(value)
    return found


def candidate_condition(filters: CandidateFilters, in_use: TagsInUse, *, emails: bool) -> Q:
    """The filters as one condition on Candidate; `in_use` (`distinct_tags`) turns each
    typed tag into the spellings stored, so case, spaces and full-width forms do not count.
    `emails`: whether the free text may match e-mails."""
    condition = Q()
    if filters.text:
        text = filters.text
        matches = Q(name__icontains=text) | Q(current_company__icontains=text)
        if emails:
            # Who may not read e-mails may not probe them through the search either.
            matches |= Q(email__icontains=text)
        for name in TAG_FIELDS:
            spellings = spellings_containing(text, in_use.get(name, {}))
            if spellings:
                matches |= holds_any(name, spellings)
        segments = segments_labelled(text)
        if segments:
            matches |= holds_any(SEGMENTS, segments)
        condition &= matches
    for name in TAG_FIELDS:
        wanted = getattr(filters, name)
        if wanted:
            condition &= holds_any(name, spellings_equal_to(wanted, in_use.get(name, {})))
    if filters.client_segments:
        condition &= holds_any(SEGMENTS, list(filters.client_segments))
    if filters.years_min is not None:
        condition &= Q(years_experience__gte=filters.years_min)
    if filters.years_max is not None:
        condition &= Q(years_experience__lte=filters.years_max)
    if filters.company:
        condition &= Q(current_company__icontains=filters.company)
    return condition


def application_count(user) -> Coalesce:
    """Per candidate, their applications on the openings the user may see.

    A correlated subquery rather than a join with GROUP BY: the database then
    counts for the rows of the page only, not for every candidate before sorting
    (at 100,000 candidates the grouped join cost 300 ms a page on SQLite).
    """
    counted = within_openings(Application.objects.filter(candidate=OuterRef("pk")), user)
    per_candidate = counted.order_by().values("candidate").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(per_candidate[:1]), 0)


def search_candidates(
    query: str, user, filters: CandidateFilters | None = None, in_use: TagsInUse | None = None
) -> QuerySet[Candidate]:
    """The candidates the user may see matching `query` (name, e-mail, company, a tag or a
    client segment) and `filters`, in name order.

    `in_use` are the tags of `distinct_tags` (the page reads them once for its
    suggestions too); read here when a tag needs them and none are given.
    """
    filters = filters or CandidateFilters()
    if query:
        filters = CandidateFilters(**{**filters.__dict__, "text": query})
    candidates = candidates_for_user(user).annotate(application_count=application_count(user))
    if filters.on_candidates():
        if in_use is None:
            in_use = distinct_tags() if filters.uses_tags() else {}
        emails = sees_listed_contacts(user)
        candidates = candidates.filter(candidate_condition(filters, in_use, emails=emails))
    return candidates.order_by("name", "pk")


def candidates_to_add(opening: Opening, *, text: str, pks: list[int]) -> QuerySet[Candidate]:
    """Candidates not yet on `opening` whose name or e-mail holds `text`, or whose id is one
    of `pks` (a typed candidate code), in name order: HR's search when adding to an opening.

    Only HR add candidates, and HR read e-mails: unlike `search_candidates`, the e-mail is
    always searched.
    """
    matches = Q(name__icontains=text) | Q(email__icontains=text) | Q(pk__in=pks)
    return (
        Candidate.objects.exclude(applications__opening=opening)
        .filter(matches)
        .order_by("name", "pk")
    )


def interviews_with_scorecards() -> Prefetch:
    """Interviews with interviewer, scorecard and its scores, for one prefetch."""
    scores = Score.objects.select_related("dimension").order_by("dimension__order")
    return Prefetch(
        "interviews",
        queryset=Interview.objects.select_related("interviewer", "round", "scorecard__entered_by")
        .prefetch_related(Prefetch("scorecard__scores", queryset=scores))
        .order_by("scheduled_at"),
    )


@dataclass(frozen=True)
class ApplicationDossier:
    application: Application
    dimensions: list  # the rubric's dimensions, in order
    summaries: list[tuple[object, DimensionSummary]]  # (dimension, summary)
    submitted: int
    timeline: list[TimelineEntry] = field(default_factory=list)  # oldest first; candidate page

    @property
    def disagreements(self) -> list:
        return [dimension for dimension, summary in self.summaries if summary.raters_disagree]


def candidate_dossier(candidate: Candidate, user) -> list[ApplicationDossier]:
    """The candidate's applications the user may see, with interviews, scorecards and timeline.

    A fixed number of queries, however many applications, interviews and events.
    """
    applications = (
        within_openings(Application.objects.filter(candidate=candidate), user)
        .select_related("opening__rubric", "decided_by")
        .prefetch_related(
            "opening__rubric__dimensions", interviews_with_scorecards(), *timeline_prefetches()
        )
    )
    return [
        dossier_for(application, timeline=application_timeline(application))
        for application in applications
    ]


def dossier_for(
    application: Application, *, timeline: list[TimelineEntry] | None = None
) -> ApplicationDossier:
    """Summaries from prefetched interviews, scorecards and scores (no further queries)."""
    dimensions = list(application.opening.rubric.dimensions.all())
    submitted_scores = []
    submitted = 0
    for interview in application.interviews.all():
        scorecard = getattr(interview, "scorecard", None)
        if scorecard is None or not scorecard.is_submitted:
            continue
        submitted += 1
        submitted_scores += [(s.dimension.code, s.value) for s in scorecard.scores.all()]
    summaries = summarize([d.code for d in dimensions], submitted_scores)
    return ApplicationDossier(
        application=application,
        dimensions=dimensions,
        summaries=list(zip(dimensions, summaries, strict=True)),
        submitted=submitted,
        timeline=timeline or [],
    )


def opening_average(opening, dimensions) -> dict[str, float]:
    """Per dimension code, the average of the opening's application means (two queries:
    the ranking version, and the scorecards when that version's average is not cached).

    The same figure the shortlist and the comparison page draw: both come from
    `average_of_means` over the opening's submitted scorecards.
    """

    version = opening_version(opening.pk)

    def compute() -> dict[str, float]:
        matrix = opening_matrix(opening, dimensions, version)
        keys = sorted(set(matrix.applications.tolist()))
        stats = matrix.per_application(keys)
        return average_of_means(matrix.codes, stats.means, stats.counts)

    codes = tuple(d.code for d in dimensions)
    return cached(version, ("average", opening.pk, codes), compute)


def candidate_or_404(pk: int, user) -> Candidate:
    """A candidate the user may see (see `candidates_for_user`), or 404."""
    return get_object_or_404(candidates_for_user(user), pk=pk)


def audit_entries(candidate: Candidate) -> QuerySet[AuditEntry]:
    """What was done with the candidate's personal data, with who did it."""
    return candidate.audit_entries.select_related("actor")


def evidence_notes(application_ids: list[int]) -> dict[int, dict[str, list]]:
    """Submitted evidence per application and dimension code, in one query."""
    notes: dict[int, dict[str, list]] = {pk: {} for pk in application_ids}
    scores = (
        Score.objects.filter(
            scorecard__interview__application_id__in=application_ids,
            scorecard__submitted_at__isnull=False,
        )
        .exclude(evidence="")
        .select_related("dimension", "scorecard__interview__interviewer")
        .order_by("dimension__order")
    )
    for score in scores:
        application_id = score.scorecard.interview.application_id
        notes[application_id].setdefault(score.dimension.code, []).append(score)
    return notes
