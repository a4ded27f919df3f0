"""A hiring manager checks how far the ranking can be trusted: rater agreement,
interviewer calibration, and which candidates are clearly ahead."""

import re

from playwright.sync_api import expect

from candidates.devtools.demo_data import AM, OPENINGS
from tests.browser.support import BROWSER_TEST, go_to

pytestmark = BROWSER_TEST

OPENING = OPENINGS[AM]["title"]


def test_manager_reads_agreement_calibration_and_confidence(person, lang):
    t = lang
    page = person("manager")
    go_to(page, t, "Openings")
    page.get_by_role("link", name=OPENING).click()

    page.get_by_role("link", name=t("Rater agreement")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(OPENING)
    reading = page.get_by_role("region", name=t("What this says"))
    expect(reading).to_contain_text("Krippendorff")
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name=t("Band")))
    expect(table.get_by_role("rowheader", name=t("Weighted score"))).to_be_visible()

    page.get_by_role("link", name=t("Interviewer calibration")).first.click()
    interviewers = page.get_by_role("table", name=t("Leniency of each interviewer"))
    lenient = interviewers.get_by_role("row").filter(has_text="Sarah Lin")
    expect(lenient).to_contain_text("+0.35")
    expect(lenient).to_contain_text(t("yes"))

    page.get_by_role("link", name=t("Ranked shortlist")).click()
    filters = page.get_by_role("form", name=t("Filters"))
    filters.get_by_label(t("Calibrated scores")).check()
    filters.get_by_label(t("Places to fill (k)")).fill("2")
    filters.get_by_role("button", name=t("Apply")).click()
    ranked = page.get_by_role("table", name=t("Ranked candidates"))
    expect(ranked.get_by_role("columnheader", name=t("Raw score"))).to_be_visible()
    expect(ranked.get_by_role("columnheader", name=t("P(top %(k)s)", k=2))).to_be_visible()
    summary = page.get_by_role("region", name=t("How sure is the top %(k)s?", k=2))
    clearly = t("Clearly in the top %(k)s: %(names)s.", k=2, names="Alice Chen")
    expect(summary).to_contain_text(clearly)
    pair = t("Cannot be told apart: %(first)s ≈ %(second)s.", first="__", second="__")
    expect(summary).to_contain_text(re.compile(re.escape(pair).replace("__", "[^≈.。]+")))
