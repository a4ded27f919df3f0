"""`manage.py agreement FILE.csv`: every published case, bad sheets, "not estimable"."""

import csv
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.candidates.scoring.test_agreement import matches_published
from tests.reference import reference_case


def write_sheet(path, rows) -> str:
    """rows: (unit, rater, value) with None for a blank value."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "rater", "value"])
        writer.writerows((u, r, "" if v is None else v) for u, r, v in rows)
    return str(path)


def observers_rows(data) -> list:
    """cases.json's Krippendorff layout (rows = observers, columns = units) as sheet rows."""
    return [
        (f"u{unit}", f"r{rater}", value)
        for rater, row in enumerate(data)
        for unit, value in enumerate(row)
    ]


def run(path, *options) -> dict:
    out = StringIO()
    call_command("agreement", path, "--format", "json", *options, stdout=out)
    return json.loads(out.getvalue())


def test_shrout_fleiss_1979_table2_icc_forms_and_mean_squares(tmp_path):
    case = reference_case("shrout_fleiss_1979_table2")
    matrix = case["input"]["ratings"]
    rows = [(t, j, v) for t, row in enumerate(matrix) for j, v in enumerate(row)]
    result = run(write_sheet(tmp_path / "sf.csv", rows))
    icc = result["icc"]
    assert (icc["n"], icc["k"]) == (6, 4)
    for published in case["published_results"]["icc"]:
        name = published["statistic"].replace(",4)", ",k)")
        assert matches_published(icc[name], published["published"], published["published_decimals"])
    squares = case["published_results"]["anova_mean_squares"]
    for name, value in squares["values"].items():
        assert matches_published(icc[name], value, squares["decimals"])


def test_krippendorff_2004_binary(tmp_path):
    case = reference_case("krippendorff_2004_binary")
    result = run(
        write_sheet(tmp_path / "b.csv", observers_rows(case["input"]["data"])),
        "--metric",
        "nominal",
    )
    published = case["published_results"]
    assert matches_published(result["alpha"], published["alpha"], 3)
    assert matches_published(result["observed_disagreement"], published["Do"], 3)
    assert matches_published(result["expected_disagreement"], published["De"], 3)
    assert (result["pairable_values"], result["units"], result["raters"]) == (20, 10, 2)


def test_krippendorff_2004_nominal_two_observers(tmp_path):
    case = reference_case("krippendorff_2004_nominal_two_observers")
    path = write_sheet(tmp_path / "n.csv", observers_rows(case["input"]["data"]))
    result = run(path, "--metric", "nominal")
    published = case["published_results"]
    assert matches_published(result["alpha"], published["alpha"], 3)
    assert matches_published(result["observed_disagreement"], published["Do"], 4)
    assert matches_published(result["expected_disagreement"], published["De"], 4)


def test_wikipedia_krippendorff_example_with_missing_values(tmp_path):
    case = reference_case("wikipedia_krippendorff_example")
    path = write_sheet(tmp_path / "w.csv", observers_rows(case["input"]["data"]))
    result = run(path, "--metric", "nominal")
    assert matches_published(result["alpha"], case["published_results"]["alpha_nominal"], 3)
    assert matches_published(run(path)["alpha"], 0.811, 3)  # interval, per the krippendorff package
    assert result["icc"] is None  # missing cells: the classic ICC does not apply
    assert result["units"] == 12  # of 15: units with fewer than two values do not count


def test_every_rating_the_same_is_not_estimable(tmp_path):
    path = write_sheet(tmp_path / "same.csv", [(u, r, 3) for u in range(4) for r in "ab"])
    result = run(path)
    assert result["alpha"] is None
    assert result["expected_disagreement"] == 0
    assert result["icc"]["ICC(1,1)"] is None
    out = StringIO()
    call_command("agreement", path, stdout=out)
    assert "alpha (interval): not estimable" in out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("unit,rater\n1,a\n", "missing column(s): value"),
        ("unit,rater,value\n1,a,3\n1,b,high\n", "line 3: value 'high' is not a number"),
        ("unit,rater,value\n1,a,3\n1,a,4\n", "line 3: rater 'a' rates unit '1' a second time"),
        ("unit,rater,value\n", "the sheet has no ratings"),
    ],
)
def test_a_bad_sheet_is_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("agreement", str(path))


def test_a_bad_sheet_exits_with_status_1(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("unit,value\n1,3\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "agreement", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "missing column(s): rater" in done.stderr
