"""The shortlist as JSON, and as one table for CSV and Excel (same columns).

`ranking_json` builds ranking.json and the JSON export, `table` the rows the
CSV and the Excel file share (and the CSV), `xlsx` the Excel file, `cells`
what every cell goes through.
"""

from candidates.export.cells import neutralised, rounded
from candidates.export.ranking_json import (
    JSON_PAGE_SIZE,
    MAX_JSON_PAGE_SIZE,
    BadPage,
    JsonPage,
    json_page,
    page_bounds,
    page_count,
    shortlist_json,
    shortlist_json_chunks,
)
from candidates.export.table import csv_chunks, shortlist_csv, shortlist_csv_chunks, shortlist_rows
from candidates.export.xlsx import shortlist_xlsx

__all__ = [
    "JSON_PAGE_SIZE",
    "MAX_JSON_PAGE_SIZE",
    "BadPage",
    "JsonPage",
    "csv_chunks",
    "json_page",
    "neutralised",
    "page_bounds",
    "page_count",
    "rounded",
    "shortlist_csv",
    "shortlist_csv_chunks",
    "shortlist_json",
    "shortlist_json_chunks",
    "shortlist_rows",
    "shortlist_xlsx",
]
