"""Agreement for any rating sheet: a CSV of `unit, rater, value`, one row per rating.

Used by the `agreement` command; the figures come from the reference
implementation in `candidates.scoring.agreement`, which reproduces the published cases.
"""

import csv
import io
import math

from candidates.scoring.agreement import (
    ICC_FORMS,
    Metric,
    Rating,
    complete_matrix,
    icc,
    krippendorff_alpha,
)

COLUMNS = ("unit", "rater", "value")


class SheetError(ValueError):
    """The sheet cannot be read; the message says where and why."""


def _value(text: str, line: int, metric: Metric) -> object:
    """A number where the cell holds one; a label only for the nominal metric; None if blank."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        if metric == "nominal":
            return text
        raise SheetError(
            f"line {line}: value {text!r} is not a number ({metric} needs numbers)"
        ) from None
    if not math.isfinite(number):
        raise SheetError(f"line {line}: value {text!r} is not a finite number")
    return int(number) if number.is_integer() else number


def read_sheet(text: str, metric: Metric) -> list[Rating]:
    """(unit, rater, value) triples from CSV text; raises SheetError on a bad sheet."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise SheetError(
            f"missing column(s): {', '.join(missing)}; the header must name unit, rater, value"
        )
    reader.fieldnames = header
    ratings, seen = [], set()
    for line, row in enumerate(reader, start=2):
        unit = (row.get("unit") or "").strip()
        rater = (row.get("rater") or "").strip()
        if not unit or not rater:
            raise SheetError(f"line {line}: unit and rater must not be blank")
        if (unit, rater) in seen:
            raise SheetError(f"line {line}: rater {rater!r} rates unit {unit!r} a second time")
        seen.add((unit, rater))
        ratings.append((unit, rater, _value(row.get("value") or "", line, metric)))
    if not ratings:
        raise SheetError("the sheet has no ratings")
    return ratings


def icc_json(ratings: list[Rating]) -> dict | None:
    """The six ICC forms and the four mean squares, or None unless the data are complete."""
    if any(isinstance(value, str) for _unit, _rater, value in ratings):
        return None
    matrix = complete_matrix(ratings)
    if not matrix or len(matrix) < 2 or len(matrix[0]) < 2:
        return None
    result = icc(matrix)
    return {
        **{form: result.forms[form] for form in ICC_FORMS},
        "BMS": result.bms,
        "WMS": result.wms,
        "JMS": result.jms,
        "EMS": result.ems,
        "n": result.n,
        "k": result.k,
    }


def sheet_agreement(ratings: list[Rating], metric: Metric) -> dict:
    """Everything the command prints, as the JSON it writes with --format json."""
    alpha = krippendorff_alpha(ratings, metric=metric)
    return {
        "metric": metric,
        "alpha": alpha.alpha,
        "observed_disagreement": alpha.observed_disagreement,
        "expected_disagreement": alpha.expected_disagreement,
        "pairable_values": alpha.pairable_values,
        "units": alpha.units,
        "raters": alpha.raters,
        "icc": icc_json(ratings),
    }
