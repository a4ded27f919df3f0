"""HR creates an opening and a candidate, schedules two interviews, and types a
scorecard from paper with the keyboard alone."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from candidates.models import Interview
from tests.browser.support import (
    BROWSER_TEST,
    Texts,
    focus_outline,
    go_to,
    in_language,
    rubric_dimensions,
)

pytestmark = BROWSER_TEST

OPENING = "Account manager, Hangzhou insurance"
CANDIDATE = "林晓 Lin Xiao"
# What the paper scorecard says, per dimension code: a level (0 = not assessed) and a note.
PAPER = {
    "experience": (4, "Six years with insurance brokers."),
    "culture_fit": (3, ""),
    "customer_orientation": (5, "Won back two lost clients with monthly reviews."),
    "communication": (4, "清晰、有条理。"),
    "leadership": (0, ""),
    "crm": (3, "Salesforce daily."),
    "ethics": (4, ""),
    "learning": (3, ""),
    "career_potential": (2, "No plan beyond the next year."),
    "performance_history": (4, "Quota 115% last year."),
}


FINAL_PANEL = {"en": "Final panel", "zh-hans": "终面"}


def when(days_ago: int) -> str:
    """A value for a datetime-local field."""
    moment = timezone.localtime() - timedelta(days=days_ago)
    return moment.strftime("%Y-%m-%dT10:00")


def create_opening(page: Page, t: Texts) -> None:
    go_to(page, t, "Openings")
    page.get_by_role("link", name=t("New opening")).click()
    page.get_by_label(t.field("title")).fill(OPENING)
    page.get_by_label(t.field("client industry")).fill("Insurance")
    page.get_by_label(t.field("client size")).select_option(label=t("Mid-market"))
    page.get_by_label("manager", exact=True).check()
    page.get_by_role("button", name=t("Save opening")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(OPENING)


def create_candidate(page: Page, t: Texts) -> None:
    go_to(page, t, "Candidates")
    page.get_by_role("link", name=t("New candidate")).click()
    page.get_by_label(t.field("name", context="person")).fill(CANDIDATE)
    page.get_by_label(t.field("e-mail")).fill("lin.xiao@example.com")
    page.get_by_label(t.field("current company")).fill("中国平安 Ping An")
    page.get_by_label(t.field("years of experience")).fill("6")
    page.get_by_label(t.field("Industries served")).fill("Insurance， Retail banking")
    page.get_by_role("button", name=t("Save candidate")).click()
    expect(page.get_by_role("heading", level=1, name=CANDIDATE)).to_be_visible()


def put_on_opening_and_schedule(page: Page, t: Texts) -> None:
    go_to(page, t, "Openings")
    page.get_by_role("link", name=OPENING).click()
    # HR search by name; two people may share it: the matches tell them apart by e-mail.
    page.get_by_label(t("Find a candidate")).fill(CANDIDATE)
    page.get_by_role("button", name=t("Search")).click()
    choice = t("%(name)s (%(email)s)", name=CANDIDATE, email="lin.xiao@example.com")
    page.get_by_label(choice).check()
    page.get_by_role("button", name=t("Add to opening")).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=CANDIDATE))
    expect(row).to_be_visible()
    rounds = ("Phone screen" if t.code == "en" else "电话面试", FINAL_PANEL[t.code])
    for interviewer, round_name, days_ago in (
        ("Sarah Lin", rounds[0], 2),
        ("Wu Hao 吴昊", rounds[1], 1),
    ):
        row.get_by_role("link", name=t("Schedule interview")).click()
        page.get_by_label(t.field("interviewer")).select_option(label=interviewer)
        page.get_by_label(t.field("round")).fill(round_name)
        page.get_by_label(t.field("date and time")).fill(when(days_ago))
        page.get_by_role("button", name=t("Schedule interview")).click()
        expect(page.get_by_role("status")).to_contain_text(interviewer)
    expect(row.get_by_role("cell").nth(1)).to_have_text("2")


def active(page: Page) -> str:
    """The name (or id) of the focused element."""
    return page.evaluate("document.activeElement.name || document.activeElement.id")


def type_scorecard(page: Page, t: Texts) -> None:
    """Digits, typing, Shift+Tab and Enter: the card as HR types it from paper, no mouse."""
    codes = [dimension.code for dimension in rubric_dimensions()]
    assert set(codes) == set(PAPER)
    # The page opens with the focus on the first dimension.
    for code in codes:
        level, note = PAPER[code]
        assert active(page) == f"score_{code}"
        assert focus_outline(page), f"no visible focus on {code}"
        page.keyboard.press(str(level))
        if level in (1, 5):  # an extreme level needs evidence: the digit leads to the note
            assert active(page) == f"evidence_{code}"
        elif note:  # a digit moves on; Shift+Tab goes back to the note just passed
            page.keyboard.press("Shift+Tab")
            assert active(page) == f"evidence_{code}"
        if active(page) == f"evidence_{code}":
            assert focus_outline(page)
            page.keyboard.type(note)
            page.keyboard.press("Tab")
    # The overall recommendation: arrow keys move from "No decision" to "Yes".
    assert active(page) == "recommendation"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    assert active(page) == "summary"
    page.keyboard.type("Strong with clients; thin on leadership. 建议复试。")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=t("Save draft"))).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=t("Submit scorecard"))).to_be_focused()
    assert focus_outline(page)
    page.keyboard.press("Enter")


def test_hr_creates_opening_and_candidate_schedules_two_interviews_and_types_a_scorecard(
    person, lang
):
    t = lang
    page = person("hr")
    create_opening(page, t)
    create_candidate(page, t)
    put_on_opening_and_schedule(page, t)

    page.get_by_role("link", name=CANDIDATE).click()
    interviews = page.get_by_role("article")
    expect(interviews).to_have_count(2)
    interviews.filter(has_text="Sarah Lin").get_by_role("link", name=t("Enter scorecard")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CANDIDATE)

    type_scorecard(page, t)

    # On to the opening's other card waiting, Wu Hao's final panel.
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Scorecard submitted. Next scorecard waiting: %(candidate)s, %(round)s.",
            candidate=CANDIDATE,
            round=FINAL_PANEL[t.code],
        )
    )
    final = Interview.objects.get(
        application__candidate__name=CANDIDATE, interviewer__name="Wu Hao 吴昊"
    )
    expect(page).to_have_url(
        re.compile(re.escape(reverse("candidates:scorecard-entry", args=[final.pk])) + "$")
    )
    interview = Interview.objects.get(
        application__candidate__name=CANDIDATE, interviewer__name="Sarah Lin"
    )
    saved = {score.dimension.code: score for score in interview.scorecard.scores.all()}
    assert interview.scorecard.is_submitted
    assert {code: score.value for code, score in saved.items()} == {
        code: level or None for code, (level, _note) in PAPER.items()
    }
    assert {code: score.evidence for code, score in saved.items()} == {
        code: note for code, (_level, note) in PAPER.items()
    }
    assert interview.scorecard.recommendation == "yes"
    # The candidate page now shows the card, with the names in the page's language.
    go_to(page, t, "Candidates")
    page.get_by_role("link", name=CANDIDATE).click()
    card = page.get_by_role("article").filter(has_text="Sarah Lin")
    expect(card).to_contain_text(t("Submitted"))
    names = in_language(t, lambda: [d.name for d in rubric_dimensions()])
    expect(card.get_by_role("rowheader")).to_have_text(names)
    expect(page.get_by_role("heading", level=1, name=re.compile(CANDIDATE))).to_be_visible()
