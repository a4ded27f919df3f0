"""An interviewer without an account saves a scorecard through a link, in a real browser.

The link page sends `Referrer-Policy: same-origin`. It once sent no-referrer,
with which Chromium posts `Origin: null` and Django's CSRF check refused every
save (403): the test client, which sends no Origin, never noticed.
"""

from playwright.sync_api import expect

from candidates.models import Interview, Scorecard
from candidates.services.links import create_link
from tests.browser.support import BROWSER_TEST

pytestmark = BROWSER_TEST

CANDIDATE = "杨帆"  # the demo interviewer's final panel, still to score


def test_a_draft_saved_through_a_link_is_kept(person, lang):
    t = lang
    interview = Interview.objects.filter(
        application__candidate__name=CANDIDATE, scorecard__isnull=True
    ).first()
    new = create_link(interview=interview, by=None)
    page = person("")
    page.goto(new.path)
    page.get_by_role("button", name=t("Save draft")).click()
    expect(page.get_by_text("CSRF")).to_have_count(0)
    expect(page.get_by_role("button", name=t("Save draft"))).to_be_visible()
    assert Scorecard.objects.filter(interview=interview, submitted_at__isnull=True).exists()
