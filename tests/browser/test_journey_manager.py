"""A hiring manager reads the shortlist, filters it, compares three candidates,
exports it to Excel and records a decision."""

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from candidates.devtools.demo_data import AM, OPENINGS
from rubrics.models import Dimension
from tests.browser.support import BROWSER_TEST, Texts, go_to, in_language

pytestmark = BROWSER_TEST

OPENING = OPENINGS[AM]["title"]
# The demo's ranked order on this opening, and who is still waiting for evidence.
RANKED = ["Alice Chen", "李娜", "杨帆", "张敏", "王伟", "刘洋"]
UNFLAGGED = ["王伟", "刘洋"]
PENDING = {"David Wong", "陈静", "Sophie Martin"}
COMPARED = ["Alice Chen", "李娜", "杨帆"]


def ranked_names(page: Page, t: Texts) -> list[str]:
    table = page.get_by_role("table", name=t("Ranked candidates"))
    return table.get_by_role("rowgroup").nth(1).get_by_role("link").all_inner_texts()


def open_shortlist(page: Page, t: Texts) -> Page:
    """From the openings list to the opening's shortlist, as a manager does."""
    go_to(page, t, "Openings")
    page.get_by_role("row").filter(has_text=OPENING).get_by_role(
        "link", name=t("Shortlist")
    ).click()
    return page


def apply_filters(page: Page, t: Texts, *, stage: str, hide_flagged: bool) -> None:
    filters = page.get_by_role("form", name=t("Filters"))
    filters.get_by_label(t("Stage"), exact=True).select_option(label=stage)
    filters.get_by_label(t("Hide flagged")).set_checked(hide_flagged)
    filters.get_by_role("button", name=t("Apply")).click()


def test_manager_filters_compares_exports_and_decides(person, lang, artifacts):
    t = lang
    page = open_shortlist(person("manager"), t)
    expect(page.get_by_role("heading", level=1)).to_contain_text(OPENING)
    assert ranked_names(page, t) == RANKED

    apply_filters(page, t, stage=t("All stages"), hide_flagged=True)
    expect(page.get_by_role("table", name=t("Ranked candidates"))).to_contain_text(UNFLAGGED[0])
    assert ranked_names(page, t) == UNFLAGGED
    apply_filters(page, t, stage=t("All stages"), hide_flagged=False)
    assert ranked_names(page, t) == RANKED

    for name in COMPARED:
        page.get_by_role("checkbox", name=t("Compare %(name)s", name=name)).check()
    page.get_by_role("button", name=t("Compare selected (2–4)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(OPENING)
    compared = page.get_by_role("table").filter(has_text=t("Submitted scorecards"))
    expect(compared.get_by_role("columnheader")).to_have_text([t("Dimension"), *COMPARED])
    expect(
        page.get_by_role(
            "img", name=t("Dimension means of the compared candidates against the opening average")
        )
    ).to_be_visible()
    page.go_back()

    with page.expect_download() as downloading:
        page.get_by_role("link", name=t("Export to Excel")).click()
    download = downloading.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = artifacts / "downloads" / t.code / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[:4] == (t("Rank"), t("Candidate"), t("E-mail"), t("Stage"))
    assert [row[1] for row in rows[: len(RANKED)]] == RANKED
    assert [row[0] for row in rows[: len(RANKED)]] == list(range(1, len(RANKED) + 1))
    assert {row[1] for row in rows[len(RANKED) :]} == PENDING

    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="李娜"))
    row.get_by_text(t("Decide")).click()
    row.get_by_label(t("Decision")).select_option(label=t("Shortlist", context="decision"))
    row.get_by_label(t("Note")).fill("Strongest client examples; meet the regional head.")
    row.get_by_role("button", name=t("Record")).click()
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Decision recorded: %(candidate)s — %(stage)s.",
            candidate="李娜",
            stage=t("Shortlisted"),
        )
    )
    apply_filters(page, t, stage=t("Shortlisted"), hide_flagged=False)
    assert ranked_names(page, t) == ["李娜"]


def test_what_if_weights_re_rank_in_place_and_save_nothing(person, lang):
    t = lang
    page = open_shortlist(person("manager"), t)
    page.get_by_text(t("What if the weights were different?")).click()
    weight = Dimension.objects.get(code="customer_orientation", rubric__is_default=True)
    field = page.get_by_label(in_language(t, lambda: weight.name), exact=True)
    page.evaluate("window.loadedOnce = true")
    field.fill("60")
    expect(page.get_by_role("status")).to_contain_text(t("Reset to the saved weights"))
    table = page.get_by_role("table", name=t("Ranked candidates"))
    expect(table.get_by_role("row").filter(has_text="杨帆")).to_contain_text("▲ 1")
    assert ranked_names(page, t)[1:3] == ["杨帆", "李娜"]
    # htmx swapped the table in place: the page was not loaded again.
    assert page.evaluate("window.loadedOnce === true")
    weight.refresh_from_db()
    assert weight.weight == 16
