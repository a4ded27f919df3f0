"""Reading long text fields off a rendered page: counted (data-maxlength), never cut (maxlength)."""

import html
import re

from rubrics.models import MAX_TEXT

PASTED = 5000  # what a person pastes from a long document


def too_long(length: int, limit: int = MAX_TEXT) -> str:
    """Django's message for a text past its limit, as the page shows it in English."""
    return f"Ensure this value has at most {limit} characters (it has {length})."


def textareas(page: str, name: str) -> list[str]:
    """The opening tags of the textareas called `name`."""
    return re.findall(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>', page)


def textarea(page: str, name: str) -> str:
    """The opening tag of the one textarea called `name`."""
    (tag,) = textareas(page, name)
    return tag


def textarea_value(page: str, name: str) -> str:
    """What the textarea called `name` holds, as the browser shows it."""
    (value,) = re.findall(
        rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S
    )
    # Django writes a newline after the tag, which the browser drops.
    return html.unescape(value.removeprefix("\n").removeprefix("\r\n"))


def assert_counted_not_cut(tag: str, limit: int = MAX_TEXT) -> None:
    """A counter reads the limit; no maxlength lets the browser cut a paste."""
    assert f'data-maxlength="{limit}"' in tag, tag
    assert not re.search(r"(?<!data-)maxlength=", tag), tag


def error_under(page: str, name: str) -> str:
    """The message crispy-forms shows under the field called `name` ('' if none)."""
    found = re.search(rf'<div id="id_{re.escape(name)}_error"[^>]*>(.*?)</div>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""
