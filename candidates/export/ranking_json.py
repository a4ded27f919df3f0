"""The shortlist as JSON: ranking.json a page at a time, and the whole file as the export."""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from candidates.explain import code_of
from candidates.export.cells import ROWS_PER_CHUNK, rounded, selected
from candidates.scoring.confidence import ScoreConfidence
from candidates.scoring.ranking import RankedApplication, Ranking
from candidates.scoring.sensitivity import Flip, neighbour_flips
from candidates.selectors.confidence import DEFAULT_K, ConfidenceReport, ranking_confidence
from candidates.selectors.profiles import (
    NO_PROFILE,
    Profile,
    ShortlistFilters,
    profiles_on_screen,
    shortlist_profiles,
)
from candidates.selectors.shortlist import Shortlist

# ranking.json's rows a page: by default, and at most (the full file is the JSON export).
JSON_PAGE_SIZE = 100
MAX_JSON_PAGE_SIZE = 500


def flip_json(flip: Flip | None) -> dict | None:
    """The single-weight change that lifts the row over the one above, in percent."""
    if flip is None:
        return None
    return {
        "dimension": flip.dimension,
        "weight": round(flip.share * 100, 2),
        "flip_at": round(flip.flip_share * 100, 2),
    }


def confidence_json(figures: ScoreConfidence | None, k: int) -> dict:
    """SE, 90% interval and P(top k); null for applications that are not ranked."""
    if figures is None:
        return {"se": None, "ci_low": None, "ci_high": None, "p_top_k": None, "k": k}
    return {
        "se": rounded(figures.se, 4),
        "ci_low": rounded(figures.low, 4),
        "ci_high": rounded(figures.high, 4),
        "p_top_k": round(figures.p_top_k, 4),
        "k": k,
        "apart_from_next": figures.apart_from_next,
    }


def raw_json(raw: RankedApplication | None) -> dict:
    """Beside a calibrated result: the uncorrected rank and score."""
    if raw is None:
        return {}
    return {"rank_raw": raw.rank, "score_raw": rounded(raw.score, 4)}


def row_json(
    row: RankedApplication,
    application,
    flip: Flip | None = None,
    figures: ScoreConfidence | None = None,
    k: int = DEFAULT_K,
    raw: RankedApplication | None = None,
    ahead: list[tuple[str, float]] = (),
    profile: Profile = NO_PROFILE,
) -> dict:
    """One row of ranking.json; `ahead` (ranked rows): what lifts it above the average;
    `profile`: the candidate's CRM systems, client segments (ClientSize values) and
    industries, as stored."""
    return {
        "rank": row.rank,
        "application": application.pk,
        "candidate": application.candidate.name,
        "email": application.candidate.email,
        "stage": application.stage,
        "score": rounded(row.score, 4),
        "score_100": rounded(row.score_100, 2),
        "coverage": round(row.coverage, 4),
        "bracket": [round(row.bracket[0], 4), round(row.bracket[1], 4)],
        "scorecards": row.scorecards,
        "eligible": row.eligible,
        "reasons": [code_of(reason) for reason in row.reasons],
        "dimensions": {
            code: {"mean": round(stat.mean, 4), "n": stat.n}
            for code, stat in row.dimensions.items()
        },
        "flags": [code_of(flag) for flag in row.flags],
        "ahead_on": [
            {"dimension": code, "above_average": round(above, 4)} for code, above in ahead
        ],
        "flip": flip_json(flip),
        **confidence_json(figures, k),
        **raw_json(raw),
        "crm_systems": list(profile.crm_systems),
        "client_segments": list(profile.client_segments),
        "industries": list(profile.industries),
    }


class BadPage(ValueError):
    """A page or page size ranking.json cannot serve; the message says why, for a 400."""


@dataclass(frozen=True)
class JsonPage:
    number: int  # from 1
    size: int  # rows a page, 1 to MAX_JSON_PAGE_SIZE


def json_page(page: str | None, page_size: str | None) -> JsonPage:
    """`?page=` and `?page_size=` of ranking.json, checked; a size past the maximum is capped.

    Only plain digits count: "1.0", "²" or "-1" are refused, never turned into a 500.
    """
    number = whole_number(page, default=1)
    size = whole_number(page_size, default=JSON_PAGE_SIZE)
    if number is None or number < 1:
        raise BadPage(_("The page must be a whole number from 1."))
    if size is None or size < 1:
        raise BadPage(
            _("The page size must be a whole number from 1 to %(max)s.")
            % {"max": MAX_JSON_PAGE_SIZE}
        )
    return JsonPage(number, min(size, MAX_JSON_PAGE_SIZE))


def whole_number(text: str | None, *, default: int) -> int | None:
    """`default` when absent or empty, None when not ASCII digits.

    Past 18 digits the number is only "huge" (int() refuses past 4,300 digits).
    """
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text) if len(text) <= 18 else 10**18


def page_bounds(total: int, page: JsonPage | None) -> tuple[int, int]:
    """The slice of the ranking (ranked rows, then those needing more evidence) a page holds."""
    if page is None:
        return 0, total
    start = (page.number - 1) * page.size
    if page.number > 1 and start >= total:
        raise BadPage(
            _("Page %(page)s does not exist: the last page is %(pages)s at page size %(size)s.")
            % {"page": page.number, "pages": page_count(total, page), "size": page.size}
        )
    return start, start + page.size


def page_count(total: int, page: JsonPage | None) -> int:
    """At least one page, as for an empty opening."""
    return 1 if page is None else max(1, math.ceil(total / page.size))


def filters_json(filters: ShortlistFilters | None) -> dict:
    """The filters applied, by query-string name; only those set."""
    if filters is None or not filters.active():
        return {}
    chosen = filters.candidates
    found = {
        "stage": filters.stage,
        "hide_flagged": filters.hide_flagged,
        "crm": list(chosen.crm_systems),
        "segment": list(chosen.client_segments),
        "industry": list(chosen.industries),
        "years_min": chosen.years_min,
        "years_max": chosen.years_max,
        "company": chosen.company,
        "min_score": filters.min_score,
        "min_coverage": filters.min_coverage,
        "key_accounts": filters.key_accounts,
    }
    return {name: value for name, value in found.items() if value not in ("", [], None, False)}


def json_header(
    shortlist: Shortlist,
    report: ConfidenceReport,
    page: JsonPage | None = None,
    selection: Ranking | None = None,
    filters: ShortlistFilters | None = None,
) -> dict:
    """Everything of ranking.json but its rows: the same on every page and in the full file.

    `total` counts the rows of the document (those the filters keep), `total_all`
    every application in the ranking.
    """
    kept = selection or shortlist.ranking
    total = len(kept.ranked) + len(kept.needs_more_evidence)
    everyone = len(shortlist.ranking.ranked) + len(shortlist.ranking.needs_more_evidence)
    return {
        "opening": shortlist.opening.title,
        "rubric": shortlist.opening.rubric.name,
        "weights": shortlist.weights,
        "calibrated": shortlist.calibrated,
        "k": report.k,
        "pooled_sd": rounded(report.pooled.sd, 4),
        "total": total,
        "total_all": everyone,
        "filters": filters_json(filters),
        "page": 1 if page is None else page.number,
        "pages": page_count(total, page),
    }


def json_rows(
    shortlist: Shortlist,
    report: ConfidenceReport,
    start: int = 0,
    stop: int | None = None,
    selection: Ranking | None = None,
) -> tuple[Iterator[dict], Iterator[dict]]:
    """The rows and needs_more_evidence entries between `start` and `stop`, built as read.

    Positions count the ranked rows first, then those needing more evidence,
    so consecutive pages join into the full file. A row's flip needs only the
    row just above it in the whole ranking, so only the slice (and that one row
    each) is compared. `selection` (`select_rows`) holds the rows filters keep.
    """
    kept = selection or shortlist.ranking
    ranked, pending = kept.ranked, kept.needs_more_evidence
    stop = len(ranked) + len(pending) if stop is None else stop
    shown = ranked[start:stop]
    waiting = pending[max(start - len(ranked), 0) : max(stop - len(ranked), 0)]
    if selection is None:
        flips = neighbour_flips(ranked[max(start - 1, 0) : stop], shortlist.weights)
    else:
        flips = flips_in_whole(shortlist, shown)
    raw = shortlist.raw_rows()
    entries = shortlist.applications
    if stop - start <= MAX_JSON_PAGE_SIZE and selection is None:
        # A page of ranking.json: its rows' attributes only, not the whole opening's.
        keys = [row.key for row in chain(shown, waiting)]
        profiles = profiles_on_screen(shortlist, keys, whole=False)
    else:
        profiles = shortlist_profiles(shortlist)
    rows = (
        row_json(
            row,
            entries[row.key],
            flips[row.key],
            report.rows[row.key],
            report.k,
            raw.get(row.key),
            shortlist.ahead_on(row),
            profiles.get(row.key, NO_PROFILE),
        )
        for row in shown
    )
    others = (
        row_json(
            row,
            entries[row.key],
            k=report.k,
            raw=raw.get(row.key),
            profile=profiles.get(row.key, NO_PROFILE),
        )
        for row in waiting
    )
    return rows, others


def flips_in_whole(shortlist: Shortlist, shown: list) -> dict:
    """Each shown ranked row's flip over the row just above it in the whole ranking
    (a filtered list skips rows, but the order it explains is the opening's)."""
    full = shortlist.ranking.ranked
    positions = full.positions
    flips: dict = {}
    for row in shown:
        i = positions[row.key]
        above = [full[i - 1]] if i else []
        flips[row.key] = neighbour_flips([*above, row], shortlist.weights)[row.key]
    return flips


def shortlist_json(
    shortlist: Shortlist,
    k: int | str = DEFAULT_K,
    page: JsonPage | None = None,
    filters: ShortlistFilters | None = None,
) -> dict:
    """The ranking with its confidence figures; calibrated shortlists add the raw rank and score.

    With `page`, only that page's rows (ranking.json); without, every row (the
    JSON export and `ranking --format json`), as one page of them all. With
    `filters`, only the rows they keep, with their ranks in the whole ranking; the
    confidence figures are always those of the whole ranking.
    """
    report = ranking_confidence(shortlist, k)
    selection = selected(shortlist, filters)
    header = json_header(shortlist, report, page, selection, filters)
    bounds = page_bounds(header["total"], page)
    rows, others = json_rows(shortlist, report, *bounds, selection=selection)
    return {**header, "rows": list(rows), "needs_more_evidence": list(others)}


def shortlist_json_chunks(
    shortlist: Shortlist, k: int | str = DEFAULT_K, filters: ShortlistFilters | None = None
) -> Iterator[str]:
    """The full ranking.json as text, a few hundred rows at a time (the JSON export).

    The same document as `shortlist_json(shortlist, k, filters=filters)`, encoded as
    `JsonResponse` encodes it, without ever holding every row's dict at once.
    The figures are computed here; only the rows' dicts wait for the reader.
    """
    report = ranking_confidence(shortlist, k)
    selection = selected(shortlist, filters)
    rows, others = json_rows(shortlist, report, selection=selection)
    header = json_header(shortlist, report, selection=selection, filters=filters)
    return json_chunks(header, rows=rows, needs_more_evidence=others)


def json_chunks(header: dict, **lists: Iterator[dict]) -> Iterator[str]:
    """`header` with `lists` added as its last keys, written out as they are read."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    yield encode(header)[:-1]
    for name, items in lists.items():
        yield f", {encode(name)}: ["
        separator = ""
        while batch := list(islice(items, ROWS_PER_CHUNK)):
            yield separator + ", ".join(encode(item) for item in batch)
            separator = ", "
        yield "]"
    yield "}"
