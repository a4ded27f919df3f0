"""What every export shares: the rows a filter keeps, and cell values rounded and never
read as a formula."""

from candidates.scoring.ranking import Ranking
from candidates.selectors.profiles import ShortlistFilters, select_rows
from candidates.selectors.shortlist import Shortlist

# Rows encoded per chunk of a streamed export.
ROWS_PER_CHUNK = 500

# What a spreadsheet reads as the start of a formula (OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell):
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe.

    Applied to every text cell of the CSV, the Excel sheet and `ranking --format csv`:
    a candidate named "=HYPERLINK(...)" must reach the reader as those characters.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def rounded(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def selected(shortlist: Shortlist, filters: ShortlistFilters | None) -> Ranking | None:
    """The rows `filters` keep, or None for every row."""
    if filters is None or not filters.active():
        return None
    return select_rows(shortlist, filters)
