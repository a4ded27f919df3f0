"""HR types paper scorecards with the keyboard alone: one key per dimension, then on
to the next card waiting; a refused card's error summary leads to each dimension.

Screenshots: artifacts/screenshots/keyboard/<language>-{hint,next-card,done,errors}.png.
"""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from candidates.models import Interview, Interviewer
from candidates.selectors.plans import focus_codes
from tests.browser.pages import YANG_FAN_FINAL
from tests.browser.support import (
    BROWSER_TEST,
    Texts,
    axe_violations,
    describe,
    focus_outline,
    in_language,
    rubric_dimensions,
    serious,
)
from tests.factories import ApplicationFactory, InterviewFactory, OpeningFactory

pytestmark = BROWSER_TEST

# Middle levels only: a card with no evidence notes (1 and 5 need one).
LEVELS = (3, 4, 2, 3, 0, 4, 3, 2, 4, 3)
MAX_PRESSES = 25
HINT_START = "Keyboard: the first dimension has the focus when the page opens."
HINT_DIGITS = (
    "Type a digit, %(low)s to %(high)s or 0 for “not assessed”, to choose a level and move on"
    " to the next dimension. After %(low)s or %(high)s, which need a line of evidence, the"
    " focus goes to the evidence note instead; Tab moves on from there."
)
HINT_SHIFT_TAB = (
    "To write evidence for another level, press Shift+Tab right after the digit: it goes back"
    " to the note of the dimension just scored."
)
HINT_ARROWS = (
    "Arrow keys change the level without moving on; Tab goes to the evidence note, then to the"
    " next dimension. After the last dimension come the overall recommendation, the summary and"
    " the buttons."
)


def stack_of_two_cards() -> tuple[Interview, Interview]:
    """Two interviews held on a new opening without a plan (so all ten dimensions count)."""
    opening = OpeningFactory(title="Account manager, Suzhou")
    interviewer = Interviewer.objects.get(name="Sarah Lin")
    held = timezone.now() - timedelta(days=2)
    first, second = (
        InterviewFactory(
            application=ApplicationFactory(candidate__name=name, opening=opening),
            interviewer=interviewer,
            scheduled_at=held + timedelta(hours=hour),
        )
        for name, hour in (("钱进 Qian Jin", 0), ("Mia Song", 1))
    )
    return first, second


def card_path(interview: Interview) -> str:
    return reverse("candidates:scorecard-entry", args=[interview.pk])


def active(page: Page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.id")


def type_card(page: Page, t: Texts) -> int:
    """The whole card from the focus the page opens with; the number of keys pressed."""
    codes = [dimension.code for dimension in rubric_dimensions()]
    assert len(codes) == len(LEVELS) == 10
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        page.keyboard.press(key)
        presses += 1

    for code, level in zip(codes, LEVELS, strict=True):
        assert active(page) == f"score_{code}"
        assert focus_outline(page), f"no visible focus on {code}"
        press(str(level))
    assert active(page) == "recommendation"
    press("Tab")
    assert active(page) == "summary"
    press("Tab")
    expect(page.get_by_role("button", name=t("Save draft"))).to_be_focused()
    press("Tab")
    expect(page.get_by_role("button", name=t("Submit scorecard"))).to_be_focused()
    press("Enter")
    return presses


def assert_saved(interview: Interview) -> None:
    interview.refresh_from_db()
    assert interview.scorecard.is_submitted
    saved = dict(interview.scorecard.scores.values_list("dimension__code", "value"))
    codes = [dimension.code for dimension in rubric_dimensions()]
    assert saved == {code: level or None for code, level in zip(codes, LEVELS, strict=True)}


def test_a_ten_dimension_card_takes_at_most_25_keys_then_the_next_card_opens(
    person, lang, artifacts
):
    t = lang
    shots = artifacts / "screenshots" / "keyboard"
    shots.mkdir(parents=True, exist_ok=True)
    first, second = stack_of_two_cards()
    page = person("hr")
    page.goto(card_path(first))
    hint = page.locator("#keyboard-hint")
    for line in (HINT_START, HINT_DIGITS, HINT_SHIFT_TAB, HINT_ARROWS):
        expect(hint).to_contain_text(t(line, low=1, high=5) if "%(" in line else t(line))
    page.screenshot(path=shots / f"{t.code}-hint.png")

    assert type_card(page, t) <= MAX_PRESSES
    # On to the next card of the opening, its first dimension ready for the keyboard.
    expect(page).to_have_url(re.compile(re.escape(card_path(second)) + "$"))
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Scorecard submitted. Next scorecard waiting: %(candidate)s, %(round)s.",
            candidate="Mia Song",
            round=second.round_name,
        )
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mia Song")
    page.screenshot(path=shots / f"{t.code}-next-card.png")
    assert_saved(first)

    assert type_card(page, t) <= MAX_PRESSES
    # The stack is done: the candidate's page, not a submitted card asking for a reason.
    candidate_page = reverse("candidates:candidate-detail", args=[second.application.candidate_id])
    expect(page).to_have_url(re.compile(re.escape(candidate_page) + "$"))
    expect(page.get_by_role("status")).to_have_text(
        t("Scorecard submitted. No other scorecard of this opening is waiting.")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mia Song")
    expect(page.get_by_label(t.field("Reason for changing a submitted scorecard"))).to_have_count(0)
    page.screenshot(path=shots / f"{t.code}-done.png")
    assert_saved(second)


def test_error_summary_names_and_links_each_dimension_in_error(person, lang, artifacts, axe_js):
    t = lang
    shots = artifacts / "screenshots" / "keyboard"
    shots.mkdir(parents=True, exist_ok=True)
    first, second = stack_of_two_cards()
    # (code, name in the page's language) of each dimension.
    dimensions = in_language(t, lambda: [(d.code, d.name) for d in rubric_dimensions()])
    (missing, missing_name), (extreme, extreme_name) = dimensions[2], dimensions[6]
    page = person("hr")
    page.goto(card_path(first))
    for code, name in dimensions:
        if code == missing:
            continue
        group = page.get_by_role("group", name=re.compile(re.escape(name)))
        level = 5 if code == extreme else 3
        group.get_by_label(re.compile(rf"^\s*{level}")).check()
    page.get_by_role("button", name=t("Submit scorecard")).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(t("Nothing was saved. Please correct the marked dimensions."))
    links = summary.get_by_role("link")
    expect(links).to_have_text([missing_name, extreme_name])
    assert serious(axe_violations(page, axe_js)) == [], describe(axe_violations(page, axe_js))
    page.screenshot(path=shots / f"{t.code}-errors.png")

    # Each link takes the focus to what needs correcting, the dimension in view.
    links.get_by_text(extreme_name).click()
    evidence = page.get_by_label(t("Evidence for %(dimension)s", dimension=extreme_name))
    expect(evidence).to_be_focused()
    expect(page.locator(f"#dimension-{extreme} legend")).to_be_in_viewport()
    page.keyboard.type("Turned down a mis-sold policy / 拒绝了违规销售。")
    summary.get_by_role("link", name=missing_name).click()
    expect(page.locator(f"input[name='score_{missing}']").first).to_be_focused()
    expect(page.locator(f"#dimension-{missing} legend")).to_be_in_viewport()
    page.keyboard.press("4")  # and the keys work on from there
    assert active(page) == f"score_{dimensions[3][0]}"

    page.get_by_role("button", name=t("Submit scorecard")).click()
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Scorecard submitted. Next scorecard waiting: %(candidate)s, %(round)s.",
            candidate="Mia Song",
            round=second.round_name,
        )
    )
    first.refresh_from_db()
    assert first.scorecard.is_submitted


def test_digits_pass_over_the_folded_dimensions_and_shift_tab_finds_the_last_note(person):
    """The demo interviewer's final panel with 杨帆 is a plan round: some dimensions folded."""
    page = person("interviewer")
    page.goto(reverse("candidates:scorecard-entry", args=[YANG_FAN_FINAL()]))
    interview = Interview.objects.select_related("round").get(pk=YANG_FAN_FINAL())
    focus = focus_codes(interview.round)
    codes = [
        dimension.code for dimension in rubric_dimensions(interview.application.opening.rubric)
    ]
    in_focus = [code for code in codes if code in focus]
    assert 0 < len(in_focus) < len(codes)
    for code in in_focus:
        assert active(page) == f"score_{code}"
        page.keyboard.press("3")
    # Past the folded dimensions, straight to the overall recommendation.
    assert active(page) == "recommendation"
    page.keyboard.press("Shift+Tab")
    assert active(page) == f"evidence_{in_focus[-1]}"
    page.keyboard.type("Clear plan for the first 90 days.")
    page.keyboard.press("Tab")
    # Tab goes on in page order: the folded dimensions' box, then the recommendation.
    expect(page.locator("details.other-dimensions > summary")).to_be_focused()
