"""The published cases statistics must reproduce (tests/data/reference_cases.json).

Kept inside the repository so a fresh clone tests on its own; each case
names its source.
"""

import json
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
