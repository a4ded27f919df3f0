"""A rubric admin changes a weight with a reason, reads the history and sees the
shortlist move."""

from playwright.sync_api import expect

from candidates.devtools.demo_data import AM, OPENINGS
from rubrics.models import Dimension
from tests.browser.support import BROWSER_TEST, go_to, in_language
from tests.browser.test_journey_manager import ranked_names

pytestmark = BROWSER_TEST

OPENING = OPENINGS[AM]["title"]
REASON = "Clients ask for more attention to service. 客户更看重服务。"


def test_rubric_admin_changes_a_weight_and_the_shortlist_moves(person, lang):
    t = lang
    opening_link = {"name": OPENING, "exact": True}
    weight = Dimension.objects.get(code="customer_orientation", rubric__is_default=True)
    rubric, dimension = in_language(t, lambda: (weight.rubric.name, weight.name))
    page = person("rubricadmin")
    go_to(page, t, "Openings")
    page.get_by_role("row").filter(has_text=OPENING).get_by_role(
        "link", name=t("Shortlist")
    ).click()
    before = ranked_names(page, t)
    assert before[1:3] == ["李娜", "杨帆"]

    go_to(page, t, "Rubrics")
    page.get_by_role("link", name=rubric, exact=True).click()
    page.get_by_role("link", name=t("Edit weights")).click()
    page.get_by_label(dimension, exact=True).fill("60")
    expect(page.locator("#weight-total")).to_have_text("144")
    page.get_by_label(t.field("Reason for the change")).fill(REASON)
    page.get_by_role("button", name=t("Save weights")).click()

    expect(page.get_by_role("status")).to_have_text(
        t("Weights saved. Here is what the change did.")
    )
    moved = page.get_by_role("list").filter(has_text="杨帆")
    expect(moved).to_contain_text(
        t("%(name)s up %(places)s place (%(old)s → %(new)s)", name="杨帆", places=1, old=3, new=2)
    )
    expect(moved).to_contain_text(
        t("%(name)s down %(places)s place (%(old)s → %(new)s)", name="李娜", places=1, old=2, new=3)
    )

    page.get_by_role("link", name=t("Weight history")).click()
    change = page.get_by_role("article")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(REASON)
    expect(change).to_contain_text("rubricadmin")
    expect(change.get_by_role("row").filter(has_text=dimension)).to_contain_text("16")
    expect(change.get_by_role("row").filter(has_text=dimension)).to_contain_text("60")

    go_to(page, t, "Openings")
    page.get_by_role("row").filter(has_text=OPENING).get_by_role("link", **opening_link).click()
    page.get_by_role("link", name=t("Ranked shortlist")).click()
    after = ranked_names(page, t)
    assert after[1:3] == ["杨帆", "李娜"]
    assert sorted(after) == sorted(before)
