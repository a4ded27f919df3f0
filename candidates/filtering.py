"""A filtered shortlist as its page shows it: the rows that pass the filters, each with
its rank in the whole opening, and every figure about the ranking (confidence, the
summary, the moves of a what-if) computed on the whole ranking, never on the subset.

The rows are chosen by `candidates.selectors.shortlist.select_rows`; no queries
but the candidates' attributes (one, cached) when a filter needs them.
"""

from django.core.paginator import Paginator

from candidates.explain import (
    ROWS_PER_PAGE,
    cells_on_100,
    display_rows,
    flip_sentences,
    summarize,
)
from candidates.models import ClientSize
from candidates.selectors.confidence import DEFAULT_K, ranking_confidence
from candidates.selectors.moves import rank_moves
from candidates.selectors.profiles import Profile, ShortlistFilters, profiles_on_screen, select_rows
from candidates.selectors.shortlist import Pairs, Shortlist


def is_key_account(opening) -> bool:
    return opening.client_size == ClientSize.KEY


def filtered_screen(
    *,
    official: Shortlist,
    shortlist: Shortlist,
    filters: ShortlistFilters,
    k,
    page,
    pending_page,
) -> dict:
    """What the shortlist page shows of `shortlist` (the official one or a what-if) under
    `filters`; `page` and `pending_page` are the page numbers asked for."""
    report = ranking_confidence(shortlist, k or DEFAULT_K)
    rubric = shortlist.opening.rubric
    selected = select_rows(shortlist, filters)
    shown = Paginator(Pairs(selected.ranked, shortlist.applications), ROWS_PER_PAGE).get_page(page)
    waiting = Paginator(
        Pairs(selected.needs_more_evidence, shortlist.applications), ROWS_PER_PAGE
    ).get_page(pending_page)
    keys = [row.key for row, _application in shown.object_list]
    key_account = is_key_account(shortlist.opening)
    profiles: dict[int, Profile] = {}
    if key_account:
        on_screen = [*keys, *(row.key for row, _application in waiting.object_list)]
        profiles = profiles_on_screen(shortlist, on_screen, whole=filters.on_profiles())
    return {
        "shortlist": shortlist,
        "moves": rank_moves(official, shortlist) if shortlist is not official else {},
        "page_obj": shown,
        "lines": display_rows(shortlist, shown.object_list),
        "flips": flip_sentences(shortlist, shown.object_list),
        "pending_page": waiting,
        "pending": display_rows(shortlist, waiting.object_list),
        "confidence": report,
        "figures": cells_on_100(report, keys, rubric.scale_min, rubric.scale_max),
        "summary": summarize(shortlist, report),
        "raw": shortlist.raw_rows(),
        "filtered": filters.active(),
        "ranked_total": len(shortlist.ranking.ranked),
        "ranked_shown": len(selected.ranked),
        "pending_total": len(shortlist.ranking.needs_more_evidence),
        "pending_shown": len(selected.needs_more_evidence),
        "key_account": key_account,
        "profiles": profiles,
    }
