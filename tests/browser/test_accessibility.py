"""What axe-core cannot judge alone: a visible focus on every control as the keyboard
reaches it, flags and levels told in words and numbers (not colour alone), and the
radar charts' values available as text."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from candidates.models import Candidate
from tests.browser.pages import MAIN_PAGES, am_opening, compare_path, record_weight_change
from tests.browser.support import BROWSER_TEST, focus_outline, in_language, rubric_dimensions

pytestmark = BROWSER_TEST

# Pages with many kinds of control: links, buttons, selects, checkboxes, radios,
# text fields, <details> summaries, the language switcher.
KEYBOARD_PAGES = ("login", "shortlist", "scorecard-entry", "weights", "opening-detail")


def tab_through(page: Page, *, limit: int = 80) -> list[str]:
    """Tab from the top of the page; the controls that got focus without showing it."""
    unseen = []
    reached = set()
    if page.evaluate("document.activeElement !== document.body"):  # autofocus
        page.keyboard.press("Shift+Tab")
    for _ in range(limit):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const el = document.activeElement;
                return el === document.body ? "" : el.outerHTML.slice(0, 100); }"""
        )
        if not where or where in reached:
            break
        reached.add(where)
        if not focus_outline(page):
            unseen.append(where)
    assert len(reached) >= 3, "the keyboard reached almost nothing"
    return unseen


@pytest.mark.parametrize("main_page", [p for p in MAIN_PAGES if p.name in KEYBOARD_PAGES], ids=str)
def test_keyboard_focus_is_always_visible(person, lang, main_page):
    record_weight_change()
    page = person(main_page.user)
    page.goto(main_page.path())
    assert tab_through(page) == []


def test_flags_and_levels_are_told_in_words_and_numbers(person, lang):
    t = lang
    page = person("manager")
    page.goto(reverse("candidates:opening-shortlist", args=[am_opening().pk]))
    shaded = page.locator("td.mean-cell[class*='level-']")
    assert shaded.count() > 20
    for text in shaded.all_inner_texts():
        assert re.fullmatch(r"\d\.\d", text.strip()), text
    flags = page.locator("td.flags-cell")
    for text in flags.all_inner_texts():
        # Either no flag, said in words, or each flag with its warning sign and words.
        assert text.strip() == t("none") or all(
            line.startswith("⚠ ") and len(line) > 4 for line in text.strip().splitlines()
        ), text

    # 张敏's raters disagree: the shaded rows also carry the words.
    page.goto(
        reverse(
            "candidates:candidate-detail",
            args=[Candidate.objects.get(email="zhang.min@example.com").pk],
        )
    )
    warned = page.locator("tr.table-warning")
    expect(warned).to_have_count(4)
    for index in range(4):
        expect(warned.nth(index)).to_contain_text(t("Raters disagree"))
    for chip in page.locator(".score-chip").all_inner_texts():
        assert chip.strip() in {"1", "2", "3", "4", "5"}
    # The radar's lines differ by dash pattern too, not only by colour.
    dashes = page.locator("svg.radar-chart polygon[stroke-width]").evaluate_all(
        "lines => lines.map(line => line.getAttribute('stroke-dasharray'))"
    )
    assert len(dashes) == len(set(dashes)) == 2


def test_radar_charts_have_their_values_as_text(person, lang):
    t = lang
    page = person("manager")
    names = in_language(t, lambda: [d.name for d in rubric_dimensions()])
    page.goto(compare_path())
    chart = page.get_by_role(
        "img", name=t("Dimension means of the compared candidates against the opening average")
    )
    # The chart's description is its table: every dimension, every line, in numbers.
    description = chart.evaluate(
        "svg => document.getElementById(svg.getAttribute('aria-describedby')).textContent"
    )
    for name in [*names, "Alice Chen", "李娜", "杨帆", t("Opening average")]:
        assert name in description
    expect(chart).to_have_accessible_description(re.compile(re.escape(names[0])))
    page.get_by_text(t("The chart's values as a table")).click()
    values = page.get_by_role("table").filter(has_text=t("Opening average"))
    expect(values.get_by_role("rowheader")).to_have_text(names)
    expect(values.get_by_role("columnheader")).to_have_text(
        [t("Dimension"), "Alice Chen", "李娜", "杨帆", t("Opening average")]
    )
    # The same figures as the comparison table beside the chart.
    first_row = values.get_by_role("row").nth(1)
    compared = page.get_by_role("table").filter(has_text=t("Submitted scorecards"))
    alice_mean = compared.get_by_role("row").filter(has_text=names[0]).get_by_role("cell").first
    assert first_row.get_by_role("cell").first.inner_text()[:3] == alice_mean.inner_text()[:3]
