"""A long evidence note pasted into the scorecard is counted, refused whole, never cut.

Before, the box had maxlength="4000": Chromium cut a 5,000-character paste to
4,000 without a word, and the cut text was saved. Now the counter under the box
says it is too long, the server refuses it next to the box, and the box still
holds all 5,000 characters for the interviewer to shorten.

Screenshots: artifacts/screenshots/long_text/<language>-{pasted,refused}.png.
"""

import re

from django.utils import translation
from playwright.sync_api import expect

from rubrics.models import MAX_TEXT
from tests.browser.support import BROWSER_TEST, go_to, in_language, rubric_dimensions

pytestmark = BROWSER_TEST

CANDIDATE = "杨帆"  # the demo interviewer's final panel, still to score
PASTED = 5000


def counter_text(t, count: int) -> str:
    """What the counter says, with the numbers grouped as the page's language groups them."""
    limit = f"{MAX_TEXT:,}"
    said = t("{count} / {limit} characters").format(count=f"{count:,}", limit=limit)
    if count > MAX_TEXT:
        over = t("This text is too long: shorten it to {limit} characters or fewer before saving.")
        said += " " + over.format(limit=limit)
    return said


def refusal(t, count: int) -> str:
    """Django's own message for a text past its limit, in the page's language."""
    with translation.override(t.code):
        message = translation.ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            MAX_TEXT,
        )
    return message % {"limit_value": MAX_TEXT, "show_value": count}


def test_pasted_evidence_past_the_limit_is_counted_refused_and_kept(person, lang, artifacts):
    t = lang
    shots = artifacts / "screenshots" / "long_text"
    shots.mkdir(parents=True, exist_ok=True)
    page = person("interviewer")
    go_to(page, t, "My interviews")
    row = page.get_by_role("row").filter(has_text=CANDIDATE)
    row.get_by_role("link", name=t("Enter scorecard")).click()

    first = in_language(t, lambda: rubric_dimensions()[0].name)
    box = page.get_by_label(t("Evidence for %(dimension)s", dimension=first))
    counter = box.locator("xpath=following-sibling::div[contains(@class, 'text-counter')][1]")
    expect(counter).to_have_text(counter_text(t, 0))
    text = ("面试中举了三个大客户续约的例子。" + "Renewed three key accounts. ") * 200
    text = text[:PASTED]
    box.focus()
    near = MAX_TEXT * 9 // 10
    page.keyboard.insert_text(text[:near])  # as a paste arrives: one insertion, no key presses
    expect(counter).to_have_text(counter_text(t, near), use_inner_text=True)
    expect(counter).to_have_class(re.compile(r"\btext-counter-near\b"))
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(text)
    expect(counter).to_have_text(counter_text(t, PASTED), use_inner_text=True)
    expect(counter).to_have_class(re.compile(r"\btext-counter-over\b"))
    spoken = page.locator(f"#{box.get_attribute('id')}-counter")
    expect(spoken).to_have_attribute("aria-live", "polite")
    expect(spoken).to_have_text(counter_text(t, PASTED))
    assert box.evaluate("el => Array.from(el.value).length") == PASTED
    box.scroll_into_view_if_needed()
    page.locator(".score-dimension").first.screenshot(path=shots / f"{t.code}-pasted.png")

    page.get_by_role("button", name=t("Save draft")).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    box = page.get_by_label(t("Evidence for %(dimension)s", dimension=first))
    message = refusal(t, PASTED)
    expect(page.locator(f"#{box.get_attribute('id')}_error")).to_have_text(message)
    expect(box).to_have_accessible_description(re.compile(re.escape(message)))
    expect(counter).to_have_text(counter_text(t, PASTED), use_inner_text=True)
    assert box.input_value() == text
    page.locator(".score-dimension").first.screenshot(path=shots / f"{t.code}-refused.png")
