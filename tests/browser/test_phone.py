"""On a 390 px phone the shortlist and the opening's candidates are cards: every action
(Decide, Move, Schedule interview, the links) is on screen without scrolling sideways, and
the tables are still tables to a screen reader. The what-if panel is a disclosure: closed
on arrival, open once a what-if is applied.

Screenshots: artifacts/screenshots/phone-<page>-<language>.png.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from rubrics.models import Dimension
from tests.browser.pages import am_opening, what_if_path
from tests.browser.support import (
    BROWSER_TEST,
    DESKTOP,
    PHONE,
    Texts,
    axe_violations,
    describe,
    in_language,
    serious,
)

pytestmark = BROWSER_TEST

ACTIONS = "a[href], button, summary, select, input:not([type=hidden]), textarea"
# A scroll bar's rounding may add a pixel; anything wider is a page that scrolls sideways.
SLACK = 1


def shortlist_path() -> str:
    return reverse("candidates:opening-shortlist", args=[am_opening().pk])


def opening_path() -> str:
    return reverse("candidates:opening-detail", args=[am_opening().pk])


def off_screen_actions(page: Page) -> list[str]:
    """The visible controls in the page's tables whose right edge passes the window's."""
    return page.locator(f"main table :is({ACTIONS})").evaluate_all(
        """(controls, width) => controls
            .filter(el => el.getClientRects().length)
            .filter(el => getComputedStyle(el).visibility !== "hidden")
            .filter(el => { const box = el.getBoundingClientRect();
                            return box.right > width || box.left < 0; })
            .map(el => `${el.outerHTML.slice(0, 80)} right=${el.getBoundingClientRect().right}`)""",
        PHONE["width"],
    )


def assert_fits_a_phone(page: Page) -> None:
    assert off_screen_actions(page) == []
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= PHONE["width"] + SLACK, f"the page scrolls sideways: {scroll_width}px"


def count_actions(page: Page) -> int:
    return page.locator(f"main table :is({ACTIONS})").count()


@pytest.mark.parametrize(
    ("name", "user", "path", "table_name", "actions"),
    [
        pytest.param(*case, id=case[0])
        for case in (
            ("shortlist", "manager", shortlist_path, "Ranked candidates", ("Decide",)),
            ("shortlist-what-if", "manager", what_if_path, "Ranked candidates", ("Decide",)),
            ("opening", "hr", opening_path, None, ("Move", "Schedule interview")),
        )
    ],
)
def test_every_table_action_is_on_a_phone_screen(
    person, lang, artifacts, axe_js, name, user, path, table_name, actions
):
    t = lang
    page = person(user, viewport=PHONE)
    page.goto(path())
    table = page.get_by_role("table", name=t(table_name) if table_name else None)
    rows = table.get_by_role("rowgroup").nth(1).get_by_role("row")
    assert rows.count() >= 6
    # A screen reader still reads a table: its column headings name each cell.
    assert table.get_by_role("columnheader").count() >= 4
    for msgid in actions:
        control = rows.first.get_by_text(t(msgid), exact=True)
        expect(control).to_be_visible()
    assert count_actions(page) >= rows.count() * len(actions)
    assert_fits_a_phone(page)
    if "Decide" in actions:
        rows.first.get_by_text(t("Decide"), exact=True).click()
        expect(rows.first.get_by_role("button", name=t("Record"))).to_be_visible()
        assert_fits_a_phone(page)
    violations = serious(axe_violations(page, axe_js))
    assert not violations, describe(violations)
    shots = artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"phone-{name}-{t.code}.png", full_page=True)

    # The desktop keeps its table: one line per candidate under visible headings.
    page.set_viewport_size(DESKTOP)
    expect(table.get_by_role("columnheader").first).to_be_visible()
    heading_box = table.locator("thead").bounding_box()
    assert heading_box and heading_box["width"] > PHONE["width"]


def what_if_field(page: Page, t: Texts):
    weight = Dimension.objects.get(code="customer_orientation", rubric__is_default=True)
    return page.get_by_label(in_language(t, lambda: weight.name), exact=True)


def test_what_if_panel_is_a_disclosure_open_once_applied(person, lang):
    t = lang
    page = person("manager")
    page.goto(shortlist_path())
    summary = page.get_by_text(t("What if the weights were different?"), exact=True)
    # The browser's disclosure arrow shows only on a summary laid out as a list item.
    assert summary.evaluate("el => el.tagName === 'SUMMARY' && getComputedStyle(el).display") == (
        "list-item"
    )
    field = what_if_field(page, t)
    expect(field).to_be_hidden()

    summary.click()
    expect(field).to_be_visible()
    field.fill("60")
    page.get_by_role("button", name=t("Re-rank")).click()
    expect(page.get_by_role("status")).to_contain_text(t("Reset to the saved weights"))
    expect(field).to_be_visible()

    # The address now carries the what-if: loaded again, the panel is open with the value.
    page.reload()
    expect(page.get_by_role("status")).to_contain_text(t("Reset to the saved weights"))
    expect(what_if_field(page, t)).to_be_visible()
    expect(what_if_field(page, t)).to_have_value("60")

    page.get_by_role("status").get_by_role("link", name=t("Reset to the saved weights")).click()
    expect(what_if_field(page, t)).to_be_hidden()
