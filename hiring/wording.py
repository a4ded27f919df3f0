"""The small joins between words, translated like the words themselves.

A list of names, a run of reasons and a label before its value are glued
with ASCII marks in English (", ", "; ", ": ") and with full-width ones in
Chinese (、，；：). Pages, exports and messages join through these, never
with a literal separator, so both languages read right.
"""

from collections.abc import Iterable

from django.utils.translation import pgettext


def join_list(items: Iterable[object]) -> str:
    """Names or terms in a row: "A, B, C" in English, "A、B、C" in Chinese."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def join_clauses(items: Iterable[object]) -> str:
    """Short statements in a row: "A; B" in English, "A；B" in Chinese."""
    return pgettext("clause separator", "; ").join(str(item) for item in items)


def label(text: object) -> str:
    """A label before its value: "Reason: " in English, "原因：" in Chinese."""
    return str(text) + pgettext("label separator", ": ")
