"""The shortlist and the candidate page print cleanly: under print media the
navigation, forms and buttons are gone, tables use the paper's width, nothing has a
background colour. PDFs (page.pdf) and print-layout screenshots go to
artifacts/print/<language>/."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from candidates.models import Candidate
from tests.browser.pages import am_opening
from tests.browser.support import BROWSER_TEST, Texts

pytestmark = BROWSER_TEST

# The printable width of A4 at 12 mm margins, in CSS pixels (96 per inch).
PORTRAIT = round((210 - 24) / 25.4 * 96)
LANDSCAPE = round((297 - 24) / 25.4 * 96)


def shortlist_path() -> str:
    return reverse("candidates:opening-shortlist", args=[am_opening().pk])


def candidate_path() -> str:
    zhang_min = Candidate.objects.get(email="zhang.min@example.com")
    return reverse("candidates:candidate-detail", args=[zhang_min.pk])


PRINTED = {"shortlist": (shortlist_path, LANDSCAPE), "candidate": (candidate_path, PORTRAIT)}


def shows_only_content(page: Page, t: Texts) -> None:
    expect(page.get_by_role("navigation", name=t("Main navigation"))).to_be_hidden()
    for kind in ("button", "input", "select", "textarea", "form", "a.btn", "nav"):
        assert page.locator(f"{kind}:visible").count() == 0, f"a {kind} would print"
    coloured = page.evaluate(
        """() => [...document.querySelectorAll("body, body *")]
            .filter(el => el.checkVisibility())
            .filter(el => !["rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"]
                          .includes(getComputedStyle(el).backgroundColor))
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert coloured == []


@pytest.mark.parametrize("name", PRINTED)
def test_page_prints_cleanly(person, lang, artifacts, name):
    t = lang
    path, width = PRINTED[name]
    page = person("manager")
    page.goto(path())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": 1000})
    # Kept before checking, so a failure can be looked at.
    folder = artifacts / "print" / t.code
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    pdf = folder / f"{name}.pdf"
    page.pdf(path=pdf, prefer_css_page_size=True)
    shows_only_content(page, t)

    tables = page.locator("main table:visible")
    assert tables.count() > 0
    for index in range(tables.count()):
        # As wide as the paper (or the card around it), and nothing cut off at the right.
        room, used, needed = tables.nth(index).evaluate(
            """table => {
                let box = table.parentElement;
                while (getComputedStyle(box).display !== "block") box = box.parentElement;
                const style = getComputedStyle(box);
                const room = box.clientWidth - parseFloat(style.paddingLeft)
                             - parseFloat(style.paddingRight);
                return [room, table.offsetWidth, table.scrollWidth];
            }"""
        )
        assert used >= room - 2, f"table {index} is {used}px wide in {room}px"
        assert needed <= room + 1, f"table {index} needs {needed}px, has {room}px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert 1 <= pages <= 6, f"{name} prints on {pages} pages"
