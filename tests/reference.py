"""The published cases statistics must reproduce (tests/data/reference_cases.json).

Kept inside the repository so a fresh clone tests on its own; each case
names its source.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

CASES_PATH = Path(__file__).resolve().parent / "data" / "reference_cases.json"


@cache
def reference_cases() -> dict[str, dict[str, Any]]:
    data = json.loads(CASES_PATH.read_text(encoding="utf-8"))
    return {case["id"]: case for case in data["cases"]}


def reference_case(case_id: str) -> dict[str, Any]:
    return reference_cases()[case_id]


def round_half_away(value: float, decimals: int) -> float:
    """Round as the published cases do: half away from zero.

    Decimal's ROUND_HALF_UP rounds ties away from zero; repr() gives the
    shortest decimal that round-trips the double, the figure a person reading
    the computed value would round (float's own round() rounds half to even).
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
