"""Helpers for the browser tests: interface texts per language, logging in, axe, artifacts."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from candidates.devtools.demo import demo_password
from hiring.chinese import problems

# Every test module under tests/browser: a browser test, kept out of `make test`,
# talking to the live server, so its database is committed and flushed after each
# test; the serialized rollback brings back the groups and rubrics of the data
# migrations that the flush removes.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path("artifacts")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Language:
    code: str  # Django's language code
    locale: str  # the browser's language, sent as Accept-Language


LANGUAGES = (Language("en", "en-US"), Language("zh-hans", "zh-CN"))


class Texts:
    """The interface's words in one language, as a person reads them on the page.

    `t("Save opening")` is the translation from the compiled catalogue. In
    Chinese an untranslated msgid fails the test: a person reading Chinese
    would see English there.
    """

    def __init__(self, language: Language) -> None:
        self.language = language
        self.code = language.code
        self.locale = language.locale

    def __repr__(self) -> str:
        return f"Texts({self.code})"

    @property
    def language_name(self) -> str:
        """The language's own name, as the switcher shows it."""
        return translation.get_language_info(self.code)["name_local"]

    def __call__(self, msgid: str, *, context: str | None = None, **params: object) -> str:
        with translation.override(self.code):
            if context:
                text = translation.pgettext(context, msgid)
            else:
                text = translation.gettext(msgid)
        if self.code != "en" and text == msgid:
            raise AssertionError(f"msgid {msgid!r} has no {self.code} translation")
        return text % params if params else text

    def label(self, msgid: str, *, context: str | None = None) -> str:
        """A form field's label: Django capitalises the model field's verbose name."""
        return capfirst(self(msgid, context=context))

    def exactly(self, msgid: str, **params: object) -> re.Pattern:
        """The whole accessible name, allowing crispy-forms' required-field asterisk."""
        return re.compile(rf"^\s*{re.escape(self(msgid, **params))}\s*\*?\s*$", re.IGNORECASE)

    def field(self, msgid: str, *, context: str | None = None) -> re.Pattern:
        label = re.escape(self.label(msgid, context=context))
        return re.compile(rf"^\s*{label}\s*\*?\s*$", re.IGNORECASE)


def log_in(page: Page, t: Texts, username: str) -> None:
    """Log in through the login form, as a person does."""
    page.goto("/accounts/login/")
    page.get_by_label(t.field("username")).fill(username)
    page.get_by_label(t.field("password")).fill(demo_password(username))
    page.get_by_role("button", name=t("Log in")).click()
    expect(page.get_by_role("heading", level=1, name=t("Dashboard"))).to_be_visible()


def watch_console(page: Page, problems: list[str]) -> None:
    """Collect JavaScript errors and failed sub-resources (a CSP refusal shows up here)."""

    def on_console(message) -> None:
        if message.type != "error":
            return
        # A 403 or 404 page is itself the expected answer in some tests.
        if message.text.startswith("Failed to load resource") and message.location.get("url") == (
            page.url
        ):
            return
        problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))


SERIOUS = {"serious", "critical"}


def axe_violations(page: Page, axe_js: Path) -> list[dict]:
    """Run axe-core on the page as it is now; every violation, with its impact.

    axe is evaluated through the DevTools protocol rather than added as a
    <script> tag: the app's Content Security Policy refuses inline scripts, as
    it should, and the test must not weaken it.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_js.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
            }));
        }"""
    )


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in SERIOUS]


def unlabelled_fields(page: Page) -> list[str]:
    """Form fields a screen reader would announce without a name."""
    return page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea")]
            .filter(el => !["hidden", "submit", "button", "reset", "image"].includes(el.type))
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                          && !el.getAttribute("aria-labelledby") && !el.title)
            .map(el => el.outerHTML.slice(0, 120))"""
    )


def typesetting_faults(page: Page) -> list[str]:
    """ASCII punctuation in Chinese and spaces between Chinese words (hiring/chinese.py),
    in every piece of text the page shows and every label it gives a screen reader.

    Each text node is read alone: the gap between two table cells or two badges is
    layout, not a space in the text."""
    texts = page.evaluate(
        """() => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
                acceptNode: node => node.parentElement.closest("script, style, template")
                    ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
            });
            const texts = [];
            while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
            for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]"))
                for (const name of ["aria-label", "title", "placeholder"])
                    if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
            return texts.map(text => text.replace(/\\s+/g, " "));
        }"""
    )
    return [fault for text in texts for fault in problems(text)]


def focus_outline(page: Page) -> bool:
    """The focused element shows where the focus is: a real outline or a focus ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body || !el.matches(":focus-visible")) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
            return outline || style.boxShadow !== "none";
        }"""
    )


def in_language(t: Texts, read):
    """Read database texts (rubric names and the like) as the page shows them in t's language."""
    with translation.override(t.code):
        return read()


def rubric_dimensions(rubric=None) -> list:
    """The dimensions of a rubric (the default one if none), in their order."""
    from rubrics.models import Rubric

    rubric = rubric or Rubric.objects.get(is_default=True)
    return list(rubric.dimensions.order_by("order"))


def go_to(page: Page, t: Texts, msgid: str) -> None:
    """Follow a link of the main navigation, as a person does."""
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    nav.get_by_role("link", name=t(msgid), exact=True).click()
