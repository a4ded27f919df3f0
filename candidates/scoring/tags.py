"""Tags (CRM systems, industries): when two spellings are the same tag.

Pure Python. A tag's *key* is what matching compares: NFKC (full-width
letters, digits and spaces become their half-width forms), case folded,
surrounding spaces dropped and inner runs of spaces made one. Saving a tag
folds it to the spelling already in use with the same key, so "zoho crm"
typed by one person and "Zoho CRM" by another stay one tag.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

SPACES = re.compile(r"\s+")


def tidy_tag(text: str) -> str:
    """The spelling to store for a new tag: NFKC, spaces trimmed and collapsed, case kept."""
    return SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def tag_key(text: str) -> str:
    """What two spellings of one tag share ("Ｚｏｈｏ  CRM " and "zoho crm" alike)."""
    return tidy_tag(text).casefold()


def spellings_by_key(in_use: Iterable[str]) -> dict[str, list[str]]:
    """Every stored spelling under its key, in the order given (legacy data may hold several)."""
    found: dict[str, list[str]] = {}
    for spelling in in_use:
        if isinstance(spelling, str) and spelling.strip():
            found.setdefault(tag_key(spelling), []).append(spelling)
    return found


def fold_tags(typed: Iterable[str], in_use: Mapping[str, list[str]]) -> list[str]:
    """`typed` as they are to be saved: each as the first spelling in use with its key,
    else tidied; empty ones and repeats (same key) dropped, order kept.

    `in_use` is `spellings_by_key` of the tags already stored.
    """
    folded: dict[str, str] = {}
    for text in typed:
        key = tag_key(text)
        if key and key not in folded:
            known = in_use.get(key)
            folded[key] = known[0] if known else tidy_tag(text)
    return list(folded.values())


def spellings_equal_to(wanted: Iterable[str], in_use: Mapping[str, list[str]]) -> list[str]:
    """The stored spellings of the tags in `wanted` (any of them): what an exact filter
    on the stored values must look for."""
    found: dict[str, None] = {}
    for text in wanted:
        for spelling in in_use.get(tag_key(text), ()):
            found[spelling] = None
    return list(found)


def spellings_containing(text: str, in_use: Mapping[str, list[str]]) -> list[str]:
    """The stored spellings whose key holds `text`'s key: a free-text search ("zoho" finds
    "Zoho CRM")."""
    key = tag_key(text)
    if not key:
        return []
    return [spelling for k, spellings in in_use.items() if key in k for spelling in spellings]


def keys_of(tags: Iterable[str]) -> frozenset[str]:
    """The keys of one candidate's tags."""
    return frozenset(tag_key(tag) for tag in tags if isinstance(tag, str))
