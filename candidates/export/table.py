"""The shortlist as one table, the same columns for CSV and Excel; the CSV itself."""

import csv
import io
from collections.abc import Iterator
from itertools import chain, islice

from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from candidates.explain import describe_reason, summarize_flags
from candidates.export.cells import ROWS_PER_CHUNK, neutralised, rounded, selected
from candidates.selectors.profiles import NO_PROFILE, ShortlistFilters, shortlist_profiles
from candidates.selectors.shortlist import Shortlist, rubric_rules
from hiring.wording import join_clauses


def shortlist_headers(shortlist: Shortlist) -> list[str]:
    """The columns in the active language: the CSV and the Excel sheet share them."""
    return [
        neutralised(header)
        for header in (
            _("Rank"),
            _("Candidate"),
            _("E-mail"),
            _("Stage"),
            _("CRM systems"),
            _("Client segments"),
            _("Industries"),
            _("Score (0–100)"),
            _("Score (scale)"),
            _("Coverage (%)"),
            _("Scorecards"),
            *[d.name for d in shortlist.dimensions],
            _("Flags"),
            _("Needs more evidence"),
        )
    ]


def shortlist_rows(shortlist: Shortlist, filters: ShortlistFilters | None = None) -> Iterator[list]:
    """One row per application (those `filters` keep, with their ranks in the whole
    ranking), ranked first, made as it is read (the exports stream them).

    Each row's dimension means are read straight from its table
    (`RankedApplication.dimensions` would build a dict per row). A stage, a
    set of flags or of reasons is put in words once per export: most rows
    share a few of them. No flag or no reason is an empty cell (None): the CSV
    writes "", the sheet skips it.
    Only text is ever read as a formula, so only the text cells are neutralised,
    each set of words once, when first put in words.
    """
    names = {d.code: d.name for d in shortlist.dimensions}
    rules = rubric_rules(shortlist.opening.rubric, shortlist.dimensions)
    stages: dict[str, str] = {}
    flag_words: dict[tuple, str | None] = {(): None}
    reason_words: dict[tuple, str | None] = {(): None}
    # Tags joined by a comma (no tag holds one: TagsField splits on them); a list of
    # tags is written once per export, as many candidates share one.
    tag_words: dict[tuple, str | None] = {(): None}
    segment_words: dict[tuple, str | None] = {(): None}
    profiles = shortlist_profiles(shortlist)
    ranking = selected(shortlist, filters) or shortlist.ranking
    for row in chain(ranking.ranked, ranking.needs_more_evidence):
        application = shortlist.applications[row.key]
        if application.stage not in stages:
            stages[application.stage] = neutralised(application.stage_label)
        flags, reasons = row.flags, row.reasons
        if flags not in flag_words:
            flag_words[flags] = neutralised(
                join_clauses(summarize_flags(flags, names, rules.gates))
            )
        if reasons not in reason_words:
            reason_words[reasons] = neutralised(
                join_clauses(describe_reason(reason, names, rules) for reason in reasons)
            )
        profile = profiles.get(row.key, NO_PROFILE)
        for tags in (profile.crm_systems, profile.industries):
            if tags not in tag_words:
                tag_words[tags] = neutralised(", ".join(tags))
        if profile.client_segments not in segment_words:
            segment_words[profile.client_segments] = neutralised(
                ", ".join(profile.segment_labels())
            )
        yield [
            row.rank,
            neutralised(application.candidate.name),
            neutralised(application.candidate.email),
            stages[application.stage],
            tag_words[profile.crm_systems],
            segment_words[profile.client_segments],
            tag_words[profile.industries],
            rounded(row.score_100, 1),
            rounded(row.score, 2),
            round(row.coverage * 100, 1),
            row.scorecards,
            *dimension_cells(row),
            flag_words[flags],
            reason_words[reasons],
        ]


def dimension_cells(row) -> list[float | None]:
    """The row's mean on each dimension, in the rubric's order (the table's columns, as
    the headers), rounded; None where it has no score."""
    table = row.masks.table
    means, counts = table.means[row.row].tolist(), table.counts[row.row].tolist()
    return [round(mean, 2) if count else None for mean, count in zip(means, counts, strict=True)]


def shortlist_csv_chunks(
    shortlist: Shortlist, filters: ShortlistFilters | None = None
) -> Iterator[str]:
    """The CSV, a few hundred lines at a time, in the language active when this is called."""
    rows = shortlist_rows(shortlist, filters)
    return csv_chunks(shortlist_headers(shortlist), rows, get_language())


def csv_chunks(headers: list[str], rows: Iterator[list], language: str) -> Iterator[str]:
    """CSV text of `headers` and `rows`, the rows' words in `language`.

    A streamed response is read after the view has returned, so the language
    is set again around each chunk, never left set between chunks (another
    request may run on the thread in between).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    while True:
        with override(language):
            batch = list(islice(rows, ROWS_PER_CHUNK))
        writer.writerows(["" if cell is None else cell for cell in row] for row in batch)
        yield out.getvalue()
        if len(batch) < ROWS_PER_CHUNK:
            return
        out.seek(0)
        out.truncate()


def shortlist_csv(shortlist: Shortlist) -> str:
    return "".join(shortlist_csv_chunks(shortlist))
