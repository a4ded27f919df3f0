"""An interviewer cannot see a colleague's scores before submitting their own; then can.

In the demo, Sarah Lin and Wu Hao have scored 杨帆; the demo interviewer
(Zhou Qiang) has the final panel still to score.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from candidates.models import Application
from tests.browser.support import BROWSER_TEST, go_to, in_language, rubric_dimensions

pytestmark = BROWSER_TEST

CANDIDATE = "杨帆"
COLLEAGUES = ("Sarah Lin", "Wu Hao")


def test_interviewer_sees_colleagues_scores_only_after_submitting(person, lang):
    t = lang
    page = person("interviewer")
    go_to(page, t, "My interviews")
    row = page.get_by_role("row").filter(has_text=CANDIDATE)
    expect(row).to_contain_text(t("Hidden until you submit yours"))
    expect(row.get_by_role("link", name=t("See all scorecards"))).to_have_count(0)

    # Typing the address does not help either.
    application = Application.objects.get(candidate__name=CANDIDATE)
    page.goto(reverse("candidates:application-scorecards", args=[application.pk]))
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text(
        t(
            "Colleagues' scores stay hidden until you submit your own scorecard, "
            "so that every rating is independent."
        )
    )
    for colleague in COLLEAGUES:
        expect(page.get_by_text(colleague)).to_have_count(0)

    go_to(page, t, "My interviews")
    row.get_by_role("link", name=t("Enter scorecard")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(CANDIDATE)
    for colleague in COLLEAGUES:
        expect(page.get_by_text(colleague)).to_have_count(0)

    # The final interview is a round of the plan: the dimensions outside its focus
    # are folded away; this interviewer saw evidence on all of them and opens them.
    folded = page.locator("details.other-dimensions")
    expect(folded).not_to_have_attribute("open", "")
    folded.locator("summary").click()
    names = in_language(t, lambda: [d.name for d in rubric_dimensions()])
    for index, name in enumerate(names):
        group = page.get_by_role("group", name=re.compile(re.escape(name)))
        level = 3 + index % 2  # 3 and 4: no evidence needed for the middle levels
        group.get_by_label(re.compile(rf"^\s*{level}")).check()
    page.get_by_role("button", name=t("Submit scorecard")).click()
    # No other card waits for this interviewer: back to "My interviews".
    expect(page.get_by_role("status")).to_have_text(
        t("Scorecard submitted. No other scorecard is waiting for you.")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My interviews"))
    row.get_by_role("link", name=t("See all scorecards")).click()
    cards = page.get_by_role("article")
    expect(cards).to_have_count(3)
    for colleague in COLLEAGUES:
        card = cards.filter(has_text=colleague)
        expect(card).to_contain_text(t("Submitted"))
        expect(card.get_by_role("rowheader")).to_have_text(names)
