"""`{{ mapping|dictkey:name }}`: look a key up in a dict from a template."""

from django import template

register = template.Library()


@register.filter
def dictkey(mapping: dict | None, key: str):
    return (mapping or {}).get(key)
