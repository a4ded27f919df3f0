"""The shortlist's filters and what they read: each application's candidate (CRM
systems, client segments, industries, experience, company), read in one query and
cached under the opening's version, and the rows the filters keep, ranks unchanged."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from candidates.models import Application, Candidate, ClientSize, Opening
from candidates.scoring.ranking import (
    Ranking,
    Rows,
)
from candidates.scoring.tags import keys_of, tag_key
from candidates.selectors.caching import cached
from candidates.selectors.candidates import CandidateFilters, TagsInUse, distinct_tags
from candidates.selectors.matrix import fetch_rows
from candidates.selectors.shortlist import Shortlist


class Profile(NamedTuple):
    """What a shortlist filters on and the exports list of an application's candidate."""

    crm_systems: tuple[str, ...]
    client_segments: tuple[str, ...]  # ClientSize values
    industries: tuple[str, ...]
    years_experience: int | None
    current_company: str

    @property
    def served_key_accounts(self) -> bool:
        return ClientSize.KEY in self.client_segments

    def segment_labels(self) -> list[str]:
        return [str(ClientSize(v).label) for v in self.client_segments if v in ClientSize]


NO_PROFILE = Profile((), (), (), None, "")


def _tags(value, parsed: dict) -> tuple[str, ...]:
    """A stored JSON list as a tuple of its strings; one parse per distinct text (most
    candidates share a few lists), which also shares the tuples between rows."""
    if isinstance(value, str):
        if value not in parsed:
            try:
                loaded = json.loads(value)
            except ValueError:
                loaded = []
            parsed[value] = (
                tuple(t for t in loaded if isinstance(t, str)) if isinstance(loaded, list) else ()
            )
        return parsed[value]
    if isinstance(value, list):  # a driver that decodes JSON itself
        return tuple(t for t in value if isinstance(t, str))
    return ()


def read_profiles(opening: Opening, keys: list[int] | None = None) -> dict[int, Profile]:
    """One query: per application id (of `keys`, or every one of the opening), its
    candidate's tags, segments, years and company, read from the cursor (no JSONField
    conversion per row)."""
    applications = Application.objects.filter(opening=opening)
    if keys is not None:
        applications = applications.filter(pk__in=keys)
    rows = fetch_rows(
        applications.values_list(
            "pk",
            "candidate__crm_systems",
            "candidate__client_segments",
            "candidate__industries",
            "candidate__years_experience",
            "candidate__current_company",
        ).order_by()
    )
    parsed: dict = {}
    return {
        pk: Profile(
            _tags(crm, parsed),
            _tags(segments, parsed),
            _tags(industries, parsed),
            years,
            company or "",
        )
        for pk, crm, segments, industries, years, company in rows
    }


def shortlist_profiles(shortlist: Shortlist) -> dict[int, Profile]:
    """`read_profiles` of the shortlist's opening, cached under the shortlist's version
    (every change to a candidate gives their openings a new one: services/versions.py)."""
    opening = shortlist.opening
    # Named with the inputs: it grows with the applications, as they do (caching.LARGE).
    return cached(
        shortlist.version, ("inputs", opening.pk, "profiles"), lambda: read_profiles(opening)
    )


def profiles_on_screen(shortlist: Shortlist, keys: list[int], *, whole: bool) -> dict:
    """The attributes of the applications `keys` (a page's rows): from the whole
    opening's, cached, when `whole` (a filter read them already), else one query for
    those rows only, so an unfiltered page does not read every candidate."""
    if whole:
        every = shortlist_profiles(shortlist)
        return {key: every[key] for key in keys if key in every}
    return read_profiles(shortlist.opening, keys) if keys else {}


@dataclass(frozen=True)
class ShortlistFilters:
    """What a shortlist (its page and its exports) narrows to; ranks stay the opening's."""

    stage: str = ""
    hide_flagged: bool = False
    candidates: CandidateFilters = field(default_factory=CandidateFilters)
    min_score: float | None = None  # on 0-100
    min_coverage: float | None = None  # percent of the weight scored
    key_accounts: bool = False  # candidates who served key accounts

    def on_profiles(self) -> bool:
        return self.candidates.on_candidates() or self.key_accounts

    def active(self) -> bool:
        return bool(
            self.stage
            or self.hide_flagged
            or self.on_profiles()
            or self.min_score is not None
            or self.min_coverage is not None
        )


def profile_mask(profiles: Mapping[int, Profile], keys: list, filters: ShortlistFilters):
    """Per key of `keys`, whether its candidate passes the filters on their attributes.

    Candidates share a few lists of tags (and the lists are shared tuples), so each
    part is worked out once per distinct value and looked up for the others.
    """
    chosen = filters.candidates
    crm = {tag_key(t) for t in chosen.crm_systems}
    industries = {tag_key(t) for t in chosen.industries}
    segments = set(chosen.client_segments)
    if filters.key_accounts:
        segments_required = {ClientSize.KEY.value}
    else:
        segments_required = set()
    company = tag_key(chosen.company)
    low, high = chosen.years_min, chosen.years_max
    memo: dict[tuple, bool] = {}

    def holds(part: str, tags: tuple, wanted: set) -> bool:
        found = memo.get((part, tags))
        if found is None:
            found = memo[(part, tags)] = bool(wanted & keys_of(tags))
        return found

    def passes(profile: Profile) -> bool:
        years = profile.years_experience
        if crm and not holds("crm", profile.crm_systems, crm):
            return False
        if industries and not holds("industries", profile.industries, industries):
            return False
        if segments and segments.isdisjoint(profile.client_segments):
            return False
        if segments_required and not segments_required.issubset(profile.client_segments):
            return False
        if low is not None and (years is None or years < low):
            return False
        if high is not None and (years is None or years > high):
            return False
        if company:
            found = memo.get(("company", profile.current_company))
            if found is None:
                found = memo[("company", profile.current_company)] = company in tag_key(
                    profile.current_company
                )
            return found
        return True

    return np.fromiter(
        (passes(profiles.get(key, NO_PROFILE)) for key in keys), dtype=bool, count=len(keys)
    )


def kept_positions(shortlist: Shortlist, rows: Rows, filters: ShortlistFilters) -> list[int]:
    """Positions in `rows` that pass `filters`, as arrays over the opening's applications
    (no row object built; at 100,000 applications a few tens of milliseconds)."""
    results, order = rows.results, rows.order
    table_keys = results.table.keys
    keep = np.ones(len(order), dtype=bool)
    if filters.stage:
        entries = shortlist.applications
        stages = np.array([entries.stage(key) == filters.stage for key in table_keys], bool)
        keep &= stages[order]
    if filters.hide_flagged:
        keep &= ~results.flagged[order]
    if filters.min_score is not None:
        # NaN (nothing scored) compares False: below any minimum.
        with np.errstate(invalid="ignore"):
            keep &= results.score_100[order] >= filters.min_score
    if filters.min_coverage is not None:
        keep &= results.coverage[order] >= filters.min_coverage / 100 - 1e-9
    if filters.on_profiles():
        keep &= profile_mask(shortlist_profiles(shortlist), table_keys, filters)[order]
    return np.flatnonzero(keep).tolist()


def subset(rows: Rows, positions: list[int]) -> Rows:
    """The rows at `positions`, in order, each keeping its rank in the whole ranking."""
    ranks = None if rows.ranks is None else rows.ranks[positions]
    return Rows(rows.results, rows.order[positions], ranks, rows.more)


def select_rows(shortlist: Shortlist, filters: ShortlistFilters) -> Ranking:
    """The ranked rows and those needing more evidence that pass `filters`.

    Ranks are those of the whole opening (a filtered list is not renumbered), and
    the candidates' attributes cost one query, cached under the shortlist's version.
    """
    ranking = shortlist.ranking
    if not filters.active():
        return ranking
    return Ranking(
        ranked=subset(ranking.ranked, kept_positions(shortlist, ranking.ranked, filters)),
        needs_more_evidence=subset(
            ranking.needs_more_evidence,
            kept_positions(shortlist, ranking.needs_more_evidence, filters),
        ),
    )


def shortlist_tags(shortlist: Shortlist) -> TagsInUse:
    """The tags of the opening's candidates (`distinct_tags` of them): the shortlist
    filters' suggestions. One query, cached under the shortlist's version; cheaper
    than reading every candidate's attributes, which only a filter needs."""
    opening = shortlist.opening
    return cached(
        shortlist.version,
        ("tags", opening.pk),
        lambda: distinct_tags(scope=Candidate.objects.filter(applications__opening=opening)),
    )
