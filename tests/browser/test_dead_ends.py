"""A new candidate goes all the way to an interview without a dead end, in both languages.

HR creates them, puts them on an opening from their own page, schedules their
first interview (the stage moves to Interviewing by itself), and the
interview, still to come, says "not yet" instead of offering its scorecard.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from candidates.devtools.demo_data import AM, OPENINGS
from tests.browser.support import BROWSER_TEST, go_to

pytestmark = BROWSER_TEST

NAME = "邓琳 Deng Lin"


def test_a_new_candidate_is_put_on_an_opening_and_scheduled_from_their_page(
    person, lang, artifacts
):
    t = lang
    page = person("hr")
    go_to(page, t, "Candidates")
    page.get_by_role("link", name=t("New candidate")).click()
    page.get_by_label(t.field("name", context="person")).fill(NAME)
    page.get_by_label(t.field("e-mail")).fill("deng.lin@example.com")
    page.get_by_role("button", name=t("Save candidate")).click()
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()

    # Their page offers the way on: put them on an open opening.
    opening = OPENINGS[AM]["title"]
    section = page.get_by_role("region", name=t("Put on an opening"))
    section.get_by_label(t.field("opening")).select_option(label=opening)
    section.get_by_role("button", name=t("Add to opening")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(opening)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=NAME))
    expect(row.get_by_role("combobox")).to_have_value("applied")

    row.get_by_role("link", name=t("Schedule interview")).click()
    page.get_by_label(t.field("interviewer")).select_option(label="Sarah Lin")
    page.get_by_label(t.field("Round of the plan")).select_option(index=1)
    later = timezone.localtime() + timedelta(days=3)
    page.get_by_label(t.field("date and time")).fill(later.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name=t("Schedule interview")).click()
    expect(page.get_by_role("status")).to_contain_text("Sarah Lin")
    # The first interview moved the stage on.
    expect(row.get_by_role("combobox")).to_have_value("interviewing")

    row.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("main")).to_contain_text(t("Interviewing"))
    expect(page.get_by_role("main")).to_contain_text(
        t("Not yet: the interview is on %(when)s.", when=later.strftime("%Y-%m-%d 10:00"))
    )
    expect(page.get_by_role("link", name=t("Enter scorecard"))).to_have_count(0)
    page.screenshot(path=artifacts / "screenshots" / f"dead-ends-{t.code}.png", full_page=True)
