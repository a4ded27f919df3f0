"""`{% page_link "param" number %}`: the current query string with one page parameter set.

Django's own `{% querystring %}` takes the parameter name literally; a page
with two paginated lists needs it from a variable.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_link(context, param: str, number: int) -> str:
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
