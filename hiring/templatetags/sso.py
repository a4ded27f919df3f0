"""`{% sso_login %}`: the login page's single sign-on button, shown only with OIDC_ENABLED."""

from typing import Any

from django import template
from django.conf import settings

from hiring.sso import login_label

register = template.Library()


@register.inclusion_tag("hiring/partials/_sso_login.html", takes_context=True)
def sso_login(context: template.Context) -> dict[str, Any]:
    return {
        "enabled": settings.OIDC_ENABLED,
        "label": login_label() if settings.OIDC_ENABLED else "",
        "next": context.get("next", ""),
    }
