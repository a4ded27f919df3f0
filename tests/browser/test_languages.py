"""The browser's language picks the interface language; the switcher changes it."""

from playwright.sync_api import expect

from tests.browser.support import BROWSER_TEST, LANGUAGES, Texts

pytestmark = BROWSER_TEST


def test_browser_language_picks_the_interface_and_the_switcher_changes_it(person, lang):
    page = person("hr")
    expect(page.locator("html")).to_have_attribute("lang", lang.code)
    other = Texts(next(language for language in LANGUAGES if language.code != lang.code))
    switcher = page.get_by_role("form", name=lang("Language"))
    switcher.get_by_role("button", name=other.language_name).click()
    expect(page.locator("html")).to_have_attribute("lang", other.code)
    expect(page.get_by_role("heading", level=1, name=other("Dashboard"))).to_be_visible()
