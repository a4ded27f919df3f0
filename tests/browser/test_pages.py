"""Every main page, in both languages: axe-core finds nothing serious, every field has a
label, the Chinese text is typeset (hiring/chinese.py), and screenshots at desktop and
phone widths are kept for a person to read.

Screenshots: artifacts/screenshots/<language>/<desktop|phone>/<page>.png.
Every axe finding (also the minor ones): artifacts/axe/<language>/<page>.json.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import MAIN_PAGES, MainPage, record_weight_change
from tests.browser.support import (
    BROWSER_TEST,
    DESKTOP,
    PHONE,
    axe_violations,
    describe,
    serious,
    typesetting_faults,
    unlabelled_fields,
)

pytestmark = BROWSER_TEST


def open_main_page(person, main_page: MainPage) -> Page:
    record_weight_change()
    page = person(main_page.user)
    response = page.goto(main_page.path())
    assert response is not None and response.ok, f"{main_page}: HTTP {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def photograph(page: Page, path: Path, size: dict) -> None:
    """The whole page at this width. The window is made as tall as the page rather than
    using full_page=True, whose capture lays vertical headings out differently from any
    real window and leaves sticky bars halfway down."""
    page.set_viewport_size(size)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.screenshot(path=path)


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=str)
def test_main_page_is_accessible_and_photographed(person, lang, main_page, axe_js, artifacts):
    page = open_main_page(person, main_page)

    violations = axe_violations(page, axe_js)
    found = artifacts / "axe" / lang.code / f"{main_page}.json"
    found.parent.mkdir(parents=True, exist_ok=True)
    found.write_text(json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")
    assert not serious(violations), describe(serious(violations))
    assert not unlabelled_fields(page)
    if lang.code == "zh-hans":  # full-width punctuation, no spaces between Chinese words
        assert not typesetting_faults(page), typesetting_faults(page)

    shots = artifacts / "screenshots" / lang.code
    photograph(page, shots / "desktop" / f"{main_page}.png", DESKTOP)
    photograph(page, shots / "phone" / f"{main_page}.png", PHONE)
    page.set_viewport_size(PHONE)
    # Nothing may stick out sideways on a phone: wide tables scroll in their own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{main_page} is {overflow}px wider than a phone"


@pytest.mark.parametrize("width", [1024, 1280, 1366])
@pytest.mark.parametrize("username", ["admin", "hr"])
def test_the_top_bar_is_one_row_at_laptop_widths(person, width, username):
    """It once wrapped "Log out" under the user name at 1280 px and the language
    buttons one character a line at 1024 px: below 1200 px the links fold into
    the menu button instead."""
    page = person(username, viewport={"width": width, "height": 800})
    height = page.locator("nav.navbar").evaluate("nav => nav.getBoundingClientRect().height")
    assert height < 64, f"the top bar is {height}px tall at {width}px"
