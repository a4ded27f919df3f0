"""Template filters for hiring.wording, loaded on every page (TEMPLATES builtins)."""

from django import template

from hiring import wording

register = template.Library()

register.filter("join_list", wording.join_list)
register.filter("join_clauses", wording.join_clauses)
register.filter("label", wording.label)
