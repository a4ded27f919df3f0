from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HiringConfig(AppConfig):
    """The project package doubles as an app so it can own the roles migration."""

    name = "hiring"
    verbose_name = _("Hiring")
