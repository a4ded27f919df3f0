"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session; each test gets fresh demo data (the
database is flushed after every live-server test, and `serialized_rollback`
restores the groups and rubrics that data migrations made) and opens its own
browser contexts, one per person, in English or in Simplified Chinese.

Run with `make test-browser`; `make test` deselects these tests (marker
`browser`), so the normal suite needs no browser.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.support import (
    ARTIFACTS,
    DESKTOP,
    LANGUAGES,
    Texts,
    log_in,
    watch_console,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Root in a container has no user namespaces for Chromium's sandbox; the
# network is closed, so nothing in the background may try to phone home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# `make test-browser` fetches axe-core from npm and says where; else the newest fetched.
AXE_JS = Path(
    os.environ.get("AXE_JS")
    or max(Path(".cache").glob("axe-core-*/axe.min.js"), default=".cache/axe-core/axe.min.js")
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an asyncio loop in this thread for the whole
    # session, and Django refuses ORM calls from a thread with a running loop
    # (SynchronousOnlyOperation). The tests' own ORM calls (seeding, looking
    # up ids) are plain synchronous code that merely shares the thread, so the
    # check is switched off for this run only, never for the normal suite.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: `make test-browser` fetches axe-core from npm")
    return AXE_JS


@pytest.fixture
def demo(browser, live_server, settings) -> str:
    """The demo users and data, freshly seeded; returns the live server's URL."""
    from django.core.cache import cache

    from candidates.devtools.demo import create_demo

    cache.clear()  # the rate limits' counts: the flush after each test does not reach them
    # The demo sets four passwords and every journey logs in: the default
    # hasher is slow on purpose, which buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo()
    return live_server.url


@pytest.fixture(params=LANGUAGES, ids=lambda lang: lang.code)
def lang(request) -> Texts:
    """Each journey runs once per interface language."""
    return Texts(request.param)


@pytest.fixture
def person(browser, demo, lang) -> Iterator[Callable[..., Page]]:
    """`person("hr")`: a page in a fresh context, logged in through the login form.

    The context's locale sets Accept-Language, so the browser's language picks
    the interface language, as it does for a real user.
    """
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def open_as(username: str, *, viewport: dict | None = None, **options) -> Page:
        context = browser.new_context(
            base_url=demo,
            locale=lang.locale,
            viewport=viewport or DESKTOP,
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch_console(page, problems)
        if username:
            log_in(page, lang, username)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not problems, "browser console errors:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
